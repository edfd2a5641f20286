#!/bin/sh
# Every container of the image starts here: Django's deployment checklist first, so a
# placeholder or weak SECRET_KEY, DEBUG on or a missing HTTPS setting stops the container
# with the reason in its log instead of serving. Then the service's own command.
set -eu
python manage.py check --deploy --fail-level WARNING
exec "$@"
