"""`make bench`: the performance harness (see DESIGN.md, "Tests and checks")."""
