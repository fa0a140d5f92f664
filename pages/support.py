"""Pillar 4 of the Call to Action: its indicators, the country figures and related context."""

from ui.monitor import pillar
from ui.parts import shell

shell.start_page()

pillar.render(4)
