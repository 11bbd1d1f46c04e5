"""Showing results without widgets: the one place the kit builds HTML (Jinja2 templates in templates/, rendered by
html.py with autoescape; colours and CSS from theme.py) and display text (numbers.py, labels.py, markdown.py) for
findings, sets, check results, lesson exercises, feedback, the class report and the workshop board. Light on
purpose: data classes in lower layers render themselves through it; jinja2 loads on the first render."""
