"""The district roll-up: each school's figures, the district's pooled ones, and its tabs."""
