"""dbt's cross-database macros as dbt-postgres renders them, for lint-time rendering."""


def date_trunc(datepart, date):
    return f"date_trunc('{datepart}', {date})"


def dateadd(datepart, interval, from_date_or_timestamp):
    return f"{from_date_or_timestamp} + ((interval '1 {datepart}') * ({interval}))"


def datediff(first_date, second_date, datepart):
    # dbt-postgres renders a longer expression per datepart; any valid expression lints the same
    return f"(cast({second_date} as date) - cast({first_date} as date))"


def hash(field):  # noqa: A001 (dbt's name)
    return f"md5(cast({field} as varchar))"


def safe_cast(field, type):  # noqa: A002 (dbt's name)
    return f"cast({field} as {type})"


def cast(field, type):  # noqa: A002
    return f"cast({field} as {type})"


def type_string():
    return "varchar"


def type_int():
    return "integer"


def type_bigint():
    return "bigint"


def type_timestamp():
    return "timestamp"


def type_boolean():
    return "boolean"


def concat(fields):
    return "(" + " || ".join(fields) + ")"


def current_timestamp():
    return "now()"
