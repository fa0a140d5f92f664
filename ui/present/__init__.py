"""Presentations: a facilitator's sequence of views, shown to a room.

| module | job |
|---|---|
| `saved` | the saved presentations as the app sees them; the participants' address |
| `slides` | presentation mode: the link's deck and slide, stepping through, the slide bar |
| `compose` | building one from the pages ("Add this view"), saving |
| `editor` | the Presentation page's editor |
| `questions` | the Room questions page: ask, answer from a phone, the answers live |
| `follow` | participants following the facilitator's slides: the bar, "Follow", the watcher |

app.py calls `slides.adopt` and `follow.adopt` before anything is drawn, `slides.follow` once
the pages are declared, then `follow.bar`, `follow.join_button` (in the top bar),
`compose.add_view_button`, `slides.chrome`, `slides.slide_bar`, `slides.publish`,
`follow.publish` and `follow.watch`.
"""
