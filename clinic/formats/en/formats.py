# English formats the portal changes from Django's (the rest are Django's own): a staff page's
# date and time says its timezone, as the clinic's staff may not all sit in the clinic's.
DATETIME_FORMAT = "N j, Y, P T"
