"""Authorities outside the corpus cited by the distribution and investment facts: statutes (uscode.house.gov),
regulations (eCFR), rulings and notices (Internal Revenue Bulletin), forms (IRS "About Form" pages). None carries a
quote: the app cannot show their text, only link to it. Form doc_ids are the form's name ("Form 8606") so evals and
answers recognise them; a title never says "section NNN" unless NNN is an IRC section (evals parse it as one).
"""
from __future__ import annotations

from app.rules.facts.model import Authority
from app.rules.facts.refs import authority as _a
from app.rules.facts.refs import ecfr as _ecfr
from app.rules.facts.refs import form_url as _form
from app.rules.facts.refs import usc as _usc


def _irc(id: str, cite: str, what: str) -> Authority:
    """An IRC provision: `cite` like "408A(d)(3)(F)"; the URL is the section's page."""
    section = cite.split("(")[0]
    return _a(id, f"IRC {cite}", f"26 U.S.C. {cite}: {what}", url=_usc(section))


def _reg(id: str, cite: str, what: str) -> Authority:
    section = cite.split("(")[0]
    return _a(id, f"Treas. Reg. {cite}", f"26 C.F.R. {cite}: {what}", url=_ecfr(section))


def _form_auth(id: str, name: str, what: str, slug: str) -> Authority:
    return _a(id, name, f"{name}, {what}", url=_form(slug))


SOURCES: dict[str, Authority] = {a.id: a for a in [
    # statutes
    _irc("irc-72t", "72(t)", "10% additional tax on early distributions from qualified retirement plans and IRAs"),
    _irc("irc-72t2", "72(t)(2)", "exceptions to the 10% additional tax"),
    _irc("irc-72t2a5", "72(t)(2)(A)(v)", "plan distributions after separation from service in or after the year of "
         "turning 55 (50 for public safety employees, 72(t)(10)); not IRAs"),
    _irc("irc-72t2c", "72(t)(2)(C)", "payments to an alternate payee under a qualified domestic relations order"),
    _irc("irc-72t2d", "72(t)(2)(D)", "IRA distributions for health insurance premiums of the unemployed"),
    _irc("irc-72t2e", "72(t)(2)(E)", "IRA distributions for qualified higher education expenses"),
    _irc("irc-72t2f", "72(t)(2)(F)", "IRA distributions for first home purchases"),
    _irc("irc-72t2h", "72(t)(2)(H)", "qualified birth or adoption distributions"),
    _irc("irc-72t2i", "72(t)(2)(I)", "emergency personal expense distributions"),
    _irc("irc-72t2l", "72(t)(2)(L)", "distributions to terminally ill individuals"),
    _irc("irc-72t4", "72(t)(4)", "recapture when substantially equal periodic payments are modified"),
    _irc("irc-72t6", "72(t)(6)", "25% rate for SIMPLE IRA distributions in the first 2 years of participation"),
    _irc("irc-72e8", "72(e)(8)", "distributions allocated pro rata between investment in the contract and earnings"),
    _irc("irc-408d3", "408(d)(3)", "60-day rollover contributions"),
    _irc("irc-408d3b", "408(d)(3)(B)", "one IRA-to-IRA rollover in any 1-year period"),
    _irc("irc-408e1", "408(e)(1)", "an IRA is exempt from tax except the tax on unrelated business income"),
    _irc("irc-408e2", "408(e)(2)", "an account used in a prohibited transaction stops being an IRA and is treated as "
         "distributed on the first day of the year"),
    _irc("irc-408a-c3", "408A(c)(3)", "Roth IRA contribution limit reduced by modified AGI"),
    _irc("irc-408a-d2", "408A(d)(2)", "qualified distributions from a Roth IRA"),
    _irc("irc-408a-d3", "408A(d)(3)", "conversions and rollovers to a Roth IRA are included in income"),
    _irc("irc-408a-d3f", "408A(d)(3)(F)", "10% additional tax on conversion amounts withdrawn within 5 years"),
    _irc("irc-408a-d4b", "408A(d)(4)(B)", "ordering rules for Roth IRA distributions"),
    _irc("irc-219g", "219(g)", "IRA deduction limited for active participants in a workplace plan"),
    _irc("irc-3405c", "3405(c)", "20% withholding on eligible rollover distributions not directly rolled over"),
    _irc("irc-4973", "4973", "6% tax on excess contributions"),
    _irc("irc-4975", "4975", "tax on prohibited transactions; disqualified persons"),
    _irc("irc-511", "511", "tax on unrelated business income of exempt organizations, IRAs included"),
    _irc("irc-6693b", "6693(b)", "penalties for overstating nondeductible contributions and for not filing Form 8606"),
    _irc("irc-165c2", "165(c)(2)", "losses in transactions entered into for profit"),
    _irc("irc-165e", "165(e)", "a theft loss is sustained in the year the taxpayer discovers it"),
    _irc("irc-1014", "1014", "basis of property acquired from a decedent"),
    _irc("irc-1015", "1015", "basis of property acquired by gift"),
    _irc("irc-1222", "1222", "short-term and long-term capital gains and losses, netting"),
    _irc("irc-1244", "1244", "ordinary loss on small business stock"),
    _irc("irc-166d", "166(d)", "a nonbusiness bad debt is a short-term capital loss when it becomes totally worthless"),
    _irc("irc-6411a", "6411(a)", "tentative carryback adjustments (Form 1045) within 1 year after the loss year"),
    _irc("irc-6511a", "6511(a)", "refund claims within 3 years from filing or 2 years from payment"),
    _irc("irc-6511d2", "6511(d)(2)", "refund claims from NOL carrybacks"),
    _irc("irc-6072a", "6072(a)", "an individual's return for a calendar year is due April 15 of the next year"),
    _irc("irc-7503", "7503", "a last day that falls on a Saturday, Sunday or legal holiday moves to the next business day"),
    _irc("irc-172b1b", "172(b)(1)(B)", "2-year carryback of farming losses"),
    _irc("irc-172b3", "172(b)(3)", "election to waive the carryback period"),
    _irc("irc-172d", "172(d)", "NOL modifications: nonbusiness deductions and capital losses"),
    _a("irc-172-pre-tcja", "IRC 172(b)(1) (before P.L. 115-97)",
       "26 U.S.C. 172(b)(1) as in force for NOLs arising before 2018: 2-year carryback, 20-year carryforward",
       url="https://www.govinfo.gov/app/details/USCODE-2017-title26/USCODE-2017-title26-subtitleA-chap1-subchapB-partVI-sec172"),
    _a("pl-105-34", "P.L. 105-34 sec. 1082",
       "Taxpayer Relief Act of 1997, P.L. 105-34, sec. 1082 (NOL carryback cut to 2 years, carryforward to 20)",
       url="https://www.congress.gov/bill/105th-congress/house-bill/2014"),
    # regulations
    _reg("reg-301.9100-2", "301.9100-2(b)", "automatic 6-month extension for elections due with a timely filed return"),
    _reg("reg-301.9100-3", "301.9100-3", "relief for late elections by private letter ruling"),
    _reg("reg-1.402a-1", "1.402A-1", "designated Roth accounts"),
    _reg("reg-1.408a-4", "1.408A-4", "conversions to a Roth IRA; the amount converted is included in income at its "
         "fair market value"),
    _reg("reg-1.408a-6", "1.408A-6", "Roth IRA distributions, the 5-year period and ordering"),
    _reg("reg-1.1212-1c", "1.1212-1(c)", "capital loss carryover between joint and separate returns"),
    _reg("reg-1.165-8", "1.165-8(a)(2)", "theft loss deductible in the year of discovery, less claims with a reasonable "
         "prospect of recovery"),
    # rulings, procedures, notices, advice
    _a("rev-rul-74-175", "Rev. Rul. 74-175", "Revenue Ruling 74-175: a decedent's capital loss is deductible only on "
       "the final return; the estate and the surviving spouse cannot carry it over"),
    _a("rev-proc-2020-46", "Rev. Proc. 2020-46", "Revenue Procedure 2020-46: self-certification for a late (after 60 "
       "days) rollover", url="https://www.irs.gov/irb/2020-45_IRB"),
    _a("notice-2023-75", "Notice 2023-75", "IRS Notice 2023-75: 2024 limitations adjusted for inflation (IRA "
       "deduction and Roth IRA income phase-out ranges)", url="https://www.irs.gov/pub/irs-drop/n-23-75.pdf"),
    _a("notice-2014-54", "Notice 2014-54", "IRS Notice 2014-54: allocating pre-tax and after-tax amounts of a plan "
       "distribution to several destinations (after-tax to a Roth IRA)", url="https://www.irs.gov/irb/2014-41_IRB"),
    _a("cca-202511015", "CCA 202511015", "IRS Chief Counsel Advice 202511015 (March 2025; not binding, not "
       "precedent): losses of scam victims as theft losses in transactions entered into for profit",
       url="https://www.irs.gov/pub/irs-wd/202511015.pdf"),
    _a("irb", "Internal Revenue Bulletin", "Internal Revenue Bulletin (IRS.gov/irb): notices, revenue rulings and "
       "revenue procedures as published", url="https://www.irs.gov/irb"),
    _a("ecfr-26", "eCFR Title 26", "Electronic Code of Federal Regulations, Title 26 (Internal Revenue)",
       url="https://www.ecfr.gov/current/title-26"),
    # forms
    _form_auth("form-8606", "Form 8606", "Nondeductible IRAs", "form-8606"),
    _form_auth("form-5329", "Form 5329", "Additional Taxes on Qualified Plans (Including IRAs) and Other "
               "Tax-Favored Accounts", "form-5329"),
    _form_auth("form-1040x", "Form 1040-X", "Amended U.S. Individual Income Tax Return", "form-1040x"),
    _form_auth("form-1045", "Form 1045", "Application for Tentative Refund", "form-1045"),
    _form_auth("form-172", "Form 172", "Net Operating Losses (NOLs), and its instructions", "form-172"),
    _form_auth("form-4684", "Form 4684", "Casualties and Thefts", "form-4684"),
    _form_auth("form-4797", "Form 4797", "Sales of Business Property", "form-4797"),
    _form_auth("form-8949", "Form 8949", "Sales and Other Dispositions of Capital Assets", "form-8949"),
    _form_auth("form-990t", "Form 990-T", "Exempt Organization Business Income Tax Return", "form-990-t"),
    _form_auth("form-1099r", "Form 1099-R", "Distributions From Pensions, Annuities, Retirement or Profit-Sharing "
               "Plans, IRAs, Insurance Contracts, etc.", "form-1099-r"),
    _form_auth("schedule-d", "Schedule D (Form 1040)", "Capital Gains and Losses", "schedule-d-form-1040"),
]}
