from datetime import time

import pytest
import time_machine
from django.contrib.auth import get_user_model

from clinic.models import Therapist
from tests.intake.steps import BOOKING_NOW


@pytest.fixture
def booking_clock():
    """Monday 1 June 2026, 08:00 in New York: booking tests see the same days every run."""
    with time_machine.travel(BOOKING_NOW, tick=False):
        yield


@pytest.fixture
def therapist():
    """A therapist working 09:00-17:00 every day, clinic time."""
    user = get_user_model().objects.create_user("alex", "alex@clinic.example")
    therapist = Therapist.objects.create(user=user, display_name="Alex Rivera, PT")
    for weekday in range(7):
        therapist.working_hours.create(weekday=weekday, start=time(9), end=time(17))
    return therapist
