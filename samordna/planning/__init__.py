"""Planning: verksamhetsplan, goal areas, goals, indicators (mått) computed from the data, goal follow-up."""
