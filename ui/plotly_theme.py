"""Streamlit's plotly theme, configured before the app builds a figure.

Streamlit configures it when it is imported (`streamlit.elements.plotly_chart`: it imports plotly
and builds a template, ~0.2 s before a server answers). make run's `ui.serve` defers that to its
warm-up, after the server listens (issue 17); every place that builds a plotly figure in the app
calls `ensure()` first, so a figure never sees plotly's own default template instead. Under plain
`streamlit run` the theme is already there and `ensure()` only checks.
"""

from __future__ import annotations

import functools


@functools.cache
def ensure() -> None:
    """Register Streamlit's "streamlit" template as plotly's default, once per process."""
    import plotly.io as pio

    if "streamlit" not in pio.templates:
        from streamlit.elements.lib.streamlit_plotly_theme import configure_streamlit_plotly_theme

        configure_streamlit_plotly_theme()
