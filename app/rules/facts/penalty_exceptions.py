"""The exceptions to the 10% additional tax on early distributions (IRC 72(t)(2)), one dated fact each
(`penalty-exception-<name>`), and `early-distribution-exceptions`, the list in one statement.

Every exception fact carries `ira` and `plan` numbers: whether it applies to IRA distributions and to 401(k)/403(b)
and other employer-plan distributions; several apply to only one of the two, which is what users most often get
wrong. The exceptions excuse only the 10%: the distribution stays taxable income.
"""
from __future__ import annotations

from app.rules.facts.model import Fact
from app.rules.facts.model import make_fact as _f
from app.rules.facts.numbers import (
    BIRTH_ADOPTION_LIMIT,
    DOMESTIC_ABUSE_LIMIT,
    DOMESTIC_ABUSE_PCT,
    EARLY_DISTRIBUTION_AGE,
    EARLY_DISTRIBUTION_AGE_TEXT,
    EARLY_DISTRIBUTION_PCT,
    EMERGENCY_EXPENSE_LIMIT,
    FIRST_HOME_LIMIT,
    FIRST_HOME_USE_DAYS,
    MEDICAL_AGI_FLOOR_PCT,
    PUBLIC_SAFETY_SEPARATION_AGE,
    SEPARATION_FROM_SERVICE_AGE,
    SEPP_MIN_YEARS,
    TERMINAL_ILLNESS_MONTHS,
    UNEMPLOYMENT_WEEKS,
)

_AGE = EARLY_DISTRIBUTION_AGE_TEXT
_PCT = EARLY_DISTRIBUTION_PCT
_LIST = ("p590b-exceptions", "p590b-levy-disaster")  # the list of exceptions, p590b-2025 page 24


def _x(name: str, statement: str, year_from: int | None, authorities: tuple[str, ...], *, ira: bool, plan: bool,
       **numbers: object) -> Fact:
    return _f(f"penalty-exception-{name}", statement, year_from, None, authorities, ira=ira, plan=plan, **numbers)


PENALTY_EXCEPTION_FACTS: dict[str, Fact] = {f.id: f for f in [
    _x("age", f"No {_PCT}% additional tax applies to a distribution made on or after the date the owner reaches age "
       f"{_AGE}.", None, ("p590b-early-10", "irc-72t2"), ira=True, plan=True, age=EARLY_DISTRIBUTION_AGE),
    _x("death", "Distributions paid to a beneficiary or the estate after the owner's death owe no 10% additional tax, "
       "whatever the heir's age; a surviving spouse who treats an inherited IRA as their own loses this exception.",
       None, ("p590b-beneficiary", "irc-72t2"), ira=True, plan=True),
    _x("disability", "Distributions because the owner is totally and permanently disabled owe no 10% additional tax.",
       None, ("p590b-disabled", "irc-72t2"), ira=True, plan=True),
    _x("terminal-illness", "Distributions on or after December 29, 2022 to an owner certified by a physician as "
       f"terminally ill (death expected within {TERMINAL_ILLNESS_MONTHS} months) owe no 10% additional tax and can "
       "be repaid within 3 years.", 2022, ("p590b-terminal", "irc-72t2l"), ira=True, plan=True,
       months=TERMINAL_ILLNESS_MONTHS),
    _x("medical", "Distributions up to the unreimbursed medical expenses that exceed "
       f"{MEDICAL_AGI_FLOOR_PCT}% of AGI owe no 10% additional tax, even without itemizing.", 2017,
       ("p590b-medical", "irc-72t2"), ira=True, plan=True, agi_pct=MEDICAL_AGI_FLOOR_PCT),
    _x("health-insurance", "IRA distributions up to the health insurance premiums paid for the owner, spouse and "
       f"dependents after at least {UNEMPLOYMENT_WEEKS} consecutive weeks of unemployment compensation (in that year "
       "or the next, and no later than 60 days after reemployment) owe no 10% additional tax; not for plans.", 1997,
       ("p590b-unemployment", "irc-72t2d"), ira=True, plan=False, weeks=UNEMPLOYMENT_WEEKS),
    _x("first-home", f"Up to ${FIRST_HOME_LIMIT:,} in a lifetime of IRA distributions used within "
       f"{FIRST_HOME_USE_DAYS} days to buy, build or rebuild a first home (no main home in the last 2 years) for the "
       "owner, spouse, children, grandchildren or ancestors owe no 10% additional tax; each spouse has their own "
       "limit; not for plans.", 1998, ("p590b-first-home", "irc-72t2f"), ira=True, plan=False,
       limit=FIRST_HOME_LIMIT, days=FIRST_HOME_USE_DAYS),
    _x("higher-education", "IRA distributions up to the year's qualified higher education expenses of the owner, "
       "spouse, children or grandchildren owe no 10% additional tax; not for plans.", 1998,
       ("p590b-higher-ed", "irc-72t2e"), ira=True, plan=False),
    _x("sepp", "A series of substantially equal periodic payments over life expectancy (from a plan, only after "
       "separation from service) owes no 10% additional tax; changing the payments before the later of "
       f"{SEPP_MIN_YEARS} years or age {_AGE} brings back the tax for all earlier years, with interest.", None,
       ("p590b-sepp", "irc-72t4"), ira=True, plan=True, years=SEPP_MIN_YEARS),
    _x("birth-adoption", f"Up to ${BIRTH_ADOPTION_LIMIT:,} per parent per child, taken within 1 year after "
       "a birth or a finalized adoption, owes no 10% additional tax (distributions from 2020) and can be repaid.",
       2020, ("p590b-birth-adoption", "irc-72t2h"), ira=True, plan=True, limit=BIRTH_ADOPTION_LIMIT),
    _x("emergency", f"One emergency personal expense distribution a calendar year, up to ${EMERGENCY_EXPENSE_LIMIT:,}, "
       "owes no 10% additional tax (distributions from 2024); no other such distribution in the next 3 "
       "years unless it is repaid.", 2024, ("p590b-emergency", "irc-72t2i"), ira=True, plan=True,
       limit=EMERGENCY_EXPENSE_LIMIT),
    _x("domestic-abuse", "A distribution within 1 year after domestic abuse by a spouse or partner, up to the lesser "
       f"of an indexed dollar limit (${DOMESTIC_ABUSE_LIMIT[2025]:,} for 2025) or {DOMESTIC_ABUSE_PCT}% of "
       "the account, owes no 10% additional tax (distributions from 2024).", 2024,
       ("p590b-domestic-abuse", "irc-72t2"), ira=True, plan=True, limit=DOMESTIC_ABUSE_LIMIT,
       pct=DOMESTIC_ABUSE_PCT),
    _x("levy", "A distribution because of an IRS levy on the account owes no 10% additional tax (a voluntary "
       "withdrawal to pay taxes does not qualify).", 2000, ("p590b-levy-disaster", "irc-72t2"), ira=True, plan=True),
    _x("reservist", "A qualified reservist distribution (a reservist called to active duty for more than 179 days "
       "after September 11, 2001, taken during the active duty) owes no 10% additional tax.", 2001,
       ("p590b-reservist", "irc-72t2"), ira=True, plan=True),
    _x("disaster", "A qualified disaster recovery distribution (a federally declared disaster from January 26, 2021) "
       "owes no 10% additional tax, is spread over 3 years unless elected otherwise, and can be repaid.", 2021,
       ("p590b-levy-disaster", "irc-72t2"), ira=True, plan=True),
    _x("corrective", "From December 29, 2022, an excess IRA contribution withdrawn with its earnings by the due "
       "date of the return including extensions owes no 10% additional tax on the earnings.", 2022,
       ("p590b-corrective", "irc-72t2"), ira=True, plan=False),
    _x("separation-55", "Distributions from a 401(k) or other employer plan after leaving that employer in or after "
       f"the year of turning {SEPARATION_FROM_SERVICE_AGE} ({PUBLIC_SAFETY_SEPARATION_AGE} for qualified public "
       "safety employees) owe no 10% additional tax; this does not apply to IRAs, even after a rollover. Not in the "
       "2025 publications.", None, ("irc-72t2a5",), ira=False, plan=True, age=SEPARATION_FROM_SERVICE_AGE,
       public_safety_age=PUBLIC_SAFETY_SEPARATION_AGE),
    _x("qdro", "Plan payments to an alternate payee (a spouse, former spouse or child) under a qualified domestic "
       "relations order owe no 10% additional tax; IRAs split in a divorce are transfers, not distributions.", None,
       ("p590a-qdro", "irc-72t2c"), ira=False, plan=True),
]}

EXCEPTION_SUMMARY: dict[str, Fact] = {f.id: f for f in [
    _f("early-distribution-exceptions",
       f"The {_PCT}% additional tax does not apply after age {_AGE}, or to distributions: after death; for total "
       "and permanent disability or terminal illness; up to medical expenses above the AGI floor; of substantially "
       "equal periodic payments; for a birth or adoption; for an emergency personal expense; to a domestic abuse "
       "victim; because of an IRS levy; to a called-up reservist; for a qualified disaster; and, for IRAs only, for "
       "health insurance while unemployed, a first home and higher education (plus a timely corrected excess "
       "contribution). For 401(k)s and other plans only: leaving the employer in or after the year of turning "
       f"{SEPARATION_FROM_SERVICE_AGE}, and payments under a QDRO. An exception excuses the additional tax only; "
       "the distribution is still income.", None, None,
       (*_LIST, "p590b-early-10", "p590a-qdro", "irc-72t2", "irc-72t2a5")),
]}
