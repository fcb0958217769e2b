"""Diagrams and HTML reports built from graphs and rows handed in; never touches the database."""
