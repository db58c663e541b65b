"""The bench's bare page: a title and nothing else, run inside app.py's frame (bench/pages.py)."""

import streamlit as st

st.title("Bench")
