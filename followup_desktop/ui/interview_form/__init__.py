"""The interview notes form and the plan it shows after saving."""
