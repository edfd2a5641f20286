def runner_search(path: str = "") -> list[str]:
    """The admin's search fields for a runner: names by substring (a pg_trgm index), e-mail
    and phone by prefix (an UPPER text_pattern_ops index), each one an index serves
    (clinic/admin_lists.py, migrations). `path` leads from the listed model to the runner."""
    return [f"{path}first_name", f"{path}last_name", f"^{path}email", f"^{path}phone"]
