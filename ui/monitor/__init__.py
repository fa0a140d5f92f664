"""The monitoring pages: where each country stands against the Call to Action.

| module | job |
|---|---|
| `countries` | a row per country in view: population, headline figure, rates and their working |
| `country_metrics` | the four numbers atop a country profile and its brief, each with its note |
| `coverage` | the data-coverage matrix of the 14 indicators, as a heat map and a table |
| `maps` | the Overview's map (`?map=`) |
| `pillar` | one page per pillar: its indicators, figures, charts and context (`render`) |
| `brief` | a country's one-page brief (HTML, to print) |
| `sources` | the Sources page's list, searched and filtered |
"""
