"""Tests of `python manage.py triage FILE.json` (or - for standard input); INTAKE_CONTRACT.md.

Two ways in: `call_command` (fast, in process) and a real subprocess, which is how staff run
it and the only way to see exit codes and standard error as a shell sees them. The command
does not touch the database.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from intake.triage import triage, validate_answers
from intake.triage.levels import EMERGENCY, ROUTINE, SOON, URGENT
from intake.triage.rules import RULESET_VERSION

PROJECT_ROOT = Path(__file__).resolve().parents[2]

EMERGENCY_ANSWERS = {"saddle_numbness": True, "pain_now": 3}
ROUTINE_ANSWERS = {"age": 34, "pain_locations": ["side"], "pain_now": 2, "can_bear_weight": True}
URGENT_ANSWERS = {"pain_locations": ["groin"], "pain_walking": True}
SOON_ANSWERS = {"back_pain": True, "pain_locations": ["buttock"]}
MIXED = [EMERGENCY_ANSWERS, ROUTINE_ANSWERS, URGENT_ANSWERS, SOON_ANSWERS]
MIXED_LEVELS = [EMERGENCY, ROUTINE, URGENT, SOON]


def _write(tmp_path: Path, content, name: str = "answers.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


def _call(file: str) -> tuple[list, int]:
    """Run the command in process; (parsed output, exit code)."""
    out = io.StringIO()
    try:
        call_command("triage", file, stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return json.loads(out.getvalue()), code


def _run(tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run `python manage.py triage ...` as staff would, from the project directory."""
    env = os.environ | {"PORTAL_VAR_DIR": str(tmp_path / "var")}
    return subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "manage.py", "triage", *args],
        cwd=PROJECT_ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _expected(answers) -> dict:
    return triage(validate_answers(answers)).public()


# --- In process (call_command) -------------------------------------------------------------
def test_it_answers_a_list_with_a_list_in_the_same_order(tmp_path):
    results, code = _call(str(_write(tmp_path, MIXED)))

    assert code == 0
    assert [result["level"] for result in results] == MIXED_LEVELS
    assert results == [_expected(answers) for answers in MIXED]


def test_it_prints_the_contract_shape_for_each_result(tmp_path):
    results, _ = _call(str(_write(tmp_path, [URGENT_ANSWERS])))

    assert results == [
        {
            "level": URGENT,
            "ruleset": RULESET_VERSION,
            "reasons": [
                {
                    "rule": "possible-femoral-neck-stress-fracture",
                    "level": URGENT,
                    "message": results[0]["reasons"][0]["message"],
                }
            ],
        }
    ]
    assert "stress fracture" in results[0]["reasons"][0]["message"]


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        pytest.param({}, ROUTINE, id="empty-object"),
        pytest.param({"pain_walking": True}, URGENT, id="walking-pain-location-not-reported"),
        pytest.param({"can_bear_weight": False}, EMERGENCY, id="cannot-bear-weight-only"),
        pytest.param(
            {"fever_or_unwell": True, "pain_now": 7.0, "trauma": None},
            EMERGENCY,
            id="whole-float-and-null",
        ),
        pytest.param({"missed_periods_12_months": 3, "shoe_brand": "x"}, SOON, id="extra-key"),
    ],
)
def test_it_triages_a_sparse_object(tmp_path, answers, level):
    results, code = _call(str(_write(tmp_path, [answers])))

    assert code == 0
    assert results == [_expected(answers)]
    assert results[0]["level"] == level


def test_it_answers_an_empty_list_with_an_empty_list(tmp_path):
    assert _call(str(_write(tmp_path, []))) == ([], 0)


def test_it_reads_standard_input_for_a_dash(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(MIXED)))

    results, code = _call("-")

    assert code == 0
    assert [result["level"] for result in results] == MIXED_LEVELS


@pytest.mark.parametrize(
    ("invalid", "key"),
    [
        pytest.param({"pain_now": 11}, "pain_now", id="score-out-of-range"),
        pytest.param({"trauma": "yes"}, "trauma", id="string-for-bool"),
        pytest.param({"age": True}, "age", id="bool-for-int"),
        pytest.param({"sex": "unknown"}, "sex", id="unknown-enum"),
        pytest.param({"pain_locations": ["elbow"]}, "pain_locations", id="unknown-location"),
        pytest.param([1, 2], "answers", id="not-an-object"),
        pytest.param(None, "answers", id="null-instead-of-object"),
    ],
)
def test_it_puts_an_error_in_place_of_an_invalid_object_and_answers_the_others(
    tmp_path, invalid, key
):
    results, code = _call(str(_write(tmp_path, [URGENT_ANSWERS, invalid, ROUTINE_ANSWERS])))

    assert code == 1
    assert len(results) == 3
    assert results[0] == _expected(URGENT_ANSWERS)
    assert list(results[1]) == ["error"]
    assert results[1]["error"].startswith(f"{key}: ")
    assert results[2] == _expected(ROUTINE_ANSWERS)


def test_it_does_not_let_an_invalid_red_flag_answer_pass_as_no(tmp_path):
    """'yes' for saddle numbness is an error, never silently read as routine."""
    results, code = _call(str(_write(tmp_path, [{"saddle_numbness": "yes"}])))

    assert code == 1
    assert results == [{"error": results[0]["error"]}]
    assert "saddle_numbness" in results[0]["error"]


@pytest.mark.parametrize(
    ("content", "match"),
    [
        pytest.param({"trauma": True}, "must be a JSON list", id="object-not-list"),
        pytest.param("7", "must be a JSON list", id="number-not-list"),
        pytest.param('"answers"', "must be a JSON list", id="string-not-list"),
        pytest.param("null", "must be a JSON list", id="null-not-list"),
        pytest.param("[{", "is not valid JSON", id="truncated-json"),
        pytest.param("", "is not valid JSON", id="empty-file"),
        pytest.param(b"\xff\xfe\x00[", "is not valid JSON", id="not-utf-8"),
    ],
)
def test_it_refuses_input_that_is_not_a_json_list(tmp_path, content, match):
    with pytest.raises(CommandError, match=match):
        call_command("triage", str(_write(tmp_path, content)), stdout=io.StringIO())


def test_it_refuses_a_missing_file_with_its_name(tmp_path):
    missing = tmp_path / "nowhere.json"

    with pytest.raises(CommandError, match=r"cannot read .*nowhere\.json: No such file"):
        call_command("triage", str(missing), stdout=io.StringIO())


def test_it_refuses_a_directory_as_a_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("triage", str(tmp_path), stdout=io.StringIO())


# --- A real process ------------------------------------------------------------------------
def test_it_answers_standard_input_in_order_and_exits_0_when_all_are_valid(tmp_path):
    done = _run(tmp_path, "-", stdin=json.dumps(MIXED))

    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert [result["level"] for result in results] == MIXED_LEVELS
    assert results == [_expected(answers) for answers in MIXED]
    assert "Traceback" not in done.stderr


def test_it_reads_a_file_named_on_the_command_line(tmp_path):
    path = _write(tmp_path, [{"pain_walking": True}, {}])

    done = _run(tmp_path, str(path))

    assert done.returncode == 0, done.stderr
    assert [result["level"] for result in json.loads(done.stdout)] == [URGENT, ROUTINE]


def test_it_exits_1_with_an_error_in_place_and_the_others_answered(tmp_path):
    answers = [EMERGENCY_ANSWERS, {"pain_worst": -1}, URGENT_ANSWERS]

    done = _run(tmp_path, "-", stdin=json.dumps(answers))

    assert done.returncode == 1
    results = json.loads(done.stdout)
    assert results[0]["level"] == EMERGENCY
    assert results[1] == {"error": "pain_worst: must be between 0 and 10, not -1"}
    assert results[2]["level"] == URGENT
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        pytest.param('{"trauma": true}', "the input must be a JSON list", id="object-not-list"),
        pytest.param("not json", "is not valid JSON", id="invalid-json"),
        pytest.param("", "is not valid JSON", id="nothing"),
    ],
)
def test_it_explains_bad_standard_input_without_a_traceback(tmp_path, stdin, message):
    done = _run(tmp_path, "-", stdin=stdin)

    assert done.returncode != 0
    assert message in done.stderr
    assert "CommandError" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.strip() == ""


def test_it_explains_a_missing_file_without_a_traceback(tmp_path):
    done = _run(tmp_path, str(tmp_path / "nowhere.json"))

    assert done.returncode != 0
    assert "cannot read" in done.stderr
    assert "nowhere.json" in done.stderr
    assert "No such file" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.strip() == ""


def test_it_explains_a_missing_argument(tmp_path):
    done = _run(tmp_path)

    assert done.returncode != 0
    assert "file" in done.stderr
    assert "Traceback" not in done.stderr


def test_it_warns_on_stderr_about_a_key_that_looks_misspelt():
    data = json.dumps([{"saddle_numbnes": True, "goal_race": "City Half"}])
    stdout, stderr = io.StringIO(), io.StringIO()
    sys_stdin = sys.stdin
    try:
        sys.stdin = io.StringIO(data)
        call_command("triage", "-", stdout=stdout, stderr=stderr)
    finally:
        sys.stdin = sys_stdin
    assert "did you mean 'saddle_numbness'?" in stderr.getvalue()
    assert "goal_race" not in stderr.getvalue()  # a deliberate extra field is fine
    assert json.loads(stdout.getvalue())[0]["level"] == "routine"
