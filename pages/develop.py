"""Pillar 3 of the Call to Action: its indicators, the country figures and related context."""

from ui import pillar, shell

shell.start_page()

pillar.render(3)
