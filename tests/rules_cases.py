"""Case tables for the rules (imported by tests/test_rules*.py; run this file to print accuracy and latency).

Each case: (question, tax_year argument, expected intent or None (silent), expected verdict, expected rule_id prefix,
expected tax year). HELDOUT was written before any tuning of patterns or examples and is reported separately.
"""
from __future__ import annotations

# fmt: off
HELDOUT = [
    ("My traditional IRA dropped 25% in 2022. Is that deductible on my federal return?", None, "retirement_loss", "no", "ira-loss-2018-2025", 2022),
    ("Can I take a write-off for losses in my Roth for 2026?", None, "retirement_loss", "no", "roth-loss-2026-on", 2026),
    ("In 2017 I emptied every IRA I had; I'd made $15,000 in nondeductible contributions and only got $9,000 out. My AGI was $60,000. What can I deduct?", None, "retirement_loss", "yes", "ira-loss-through-2017", 2017),
    ("My 401k lost a bunch of money last quarter, any tax deduction for that?", 2025, "retirement_loss", "no", "plan-loss-2018-2025", 2025),
    ("is it true that you can use an IRA loss to offset long term capital gains from selling a rental?", None, "loss_offset_gains", "no", "article-ltcg-offset", 2025),
    ("My brother-in-law claims I can deduct my retirement account losses against my business NOL. Right?", None, "loss_against_nol", "no", "article-nol-offset", 2025),
    ("Do I report losses from my IRA on Schedule D?", 2024, "report_retirement_loss", "no", "ira-loss-2018-2025", 2024),
    ("I converted $50k to a Roth in January and it's now worth $38k. Can I deduct the $12k loss?", None, "roth_conversion_loss", "no", "roth-conversion-loss", 2025),
    ("Can I undo my 2023 Roth conversion now that the market tanked?", None, "recharacterization", "no", "recharacterize-conversion-2018-on", 2023),
    ("I converted in 2017; could I have recharacterized it?", None, "recharacterization", "yes", "recharacterize-conversion-through-2017", 2017),
    ("Can I recharacterize my 2025 Roth IRA contribution to a traditional IRA contribution?", None, "recharacterization", "yes", "recharacterize-contribution", 2025),
    ("I sold VTI at a loss in my taxable account and my IRA bought VTI a week later through auto-invest. Wash sale?", None, "wash_sale_ira", "yes", "wash-sale-ira", 2025),
    ("Sold shares for a loss on Dec 1 and repurchased them in my 401(k) on Dec 10. Is my loss disallowed?", None, "wash_sale_ira", "depends", "wash-sale-401k", 2025),
    ("what's the max capital loss I can deduct each year if I'm married filing separately?", None, "capital_loss_limit", "yes", "capital-loss-limit", 2025),
    ("I have $12,000 of long-term capital losses and $1,000 of short-term gains in 2025. How much do I deduct and carry over?", None, "capital_loss_limit", "yes", "capital-loss-limit", 2025),
    ("Can I carry back my capital losses to 2023 and get a refund?", None, "capital_loss_limit", "no", "capital-loss-carryover", 2023),
    ("A biotech I held went bankrupt in 2024 and the shares are now worthless. How do I claim it?", None, "worthless_security", "yes", "worthless-security", 2024),
    ("A stock inside my Roth IRA became worthless. Can I deduct it?", None, "worthless_security", "no", "worthless-in-ira", 2025),
    ("How long can I carry forward a net operating loss from 2022 and is there a limit?", None, "nol_basics", "depends", "nol-post-2017", 2025),  # "from 2022" is when it arose, not the year asked
    ("Could my 2019 NOL be carried back?", None, "nol_basics", "yes", "nol-post-2017", 2019),
    ("Does New York let me deduct losses in my IRA on the state return?", None, "retirement_loss", "out_of_scope", "out-of-scope-state", 2025),
    ("My RRSP in Canada lost value; can I write that off on my US taxes?", None, "retirement_loss", "out_of_scope", "out-of-scope-foreign", 2025),
    ("Will Congress ever bring back the deduction for IRA losses?", None, "retirement_loss", "out_of_scope", "out-of-scope-future", 2025),
    ("How much can I put in my 401(k) in 2025?", None, None, None, None, 2025),
    ("Is my Social Security taxable?", None, None, None, None, 2025),
    ("Can I deduct student loan interest?", None, None, None, None, 2025),
    ("What is the deadline to file taxes this year?", None, None, None, None, 2025),
    ("Are Roth IRA withdrawals taxable after 59 and a half?", None, None, None, None, 2025),
    # written before tuning as a negative; the personal-use property rule (issue follow-up) now answers it
    ("I lost money on my house sale, can I deduct that?", None, "personal_use_loss", "no", "personal-use-loss", 2025),
    ("How do I set up a SEP IRA for my business?", None, None, None, None, 2025),
]
# fmt: on

# fmt: off
CASES = [
    # retirement losses by year and account (every boundary: 2017/2018, 2025/2026)
    ("Can I deduct a loss in my IRA?", None, "retirement_loss", "no", "ira-loss-2018-2025", 2025),
    ("Can I deduct a loss in my IRA for 2017?", None, "retirement_loss", "depends", "ira-loss-through-2017", 2017),
    ("Can I deduct a loss in my IRA for 2018?", None, "retirement_loss", "no", "ira-loss-2018-2025", 2018),
    ("Can I deduct a loss in my IRA for tax year 2025?", None, "retirement_loss", "no", "ira-loss-2018-2025", 2025),
    ("Can I deduct a loss in my IRA for tax year 2026?", None, "retirement_loss", "no", "ira-loss-2026-on", 2026),
    ("Is a Roth IRA loss deductible in 2017?", None, "retirement_loss", "depends", "roth-loss-through-2017", 2017),
    ("Is a Roth IRA loss deductible in 2018?", None, "retirement_loss", "no", "roth-loss-2018-2025", 2018),
    ("roth ira lost money, deductible?", 2026, "retirement_loss", "no", "roth-loss-2026-on", 2026),
    ("My 403(b) fell 20% this year. Tax write off?", 2025, "retirement_loss", "no", "plan-loss-2018-2025", 2025),
    ("401k losses deductible in 2016?", None, "retirement_loss", "depends", "plan-loss-through-2017", 2016),
    ("my sep ira tanked in 2027, can i claim the loss", None, "retirement_loss", "no", "ira-loss-2026-on", 2027),
    ("Can you write off losses in a retirement account?", None, "retirement_loss", "no", "ira-loss-2018-2025", 2025),
    ("The year picker says 2016 - my IRA went down, can I deduct?", 2016, "retirement_loss", "depends", "ira-loss-through-2017", 2016),
    ("I deducted all my traditional IRA contributions and the IRA lost half its value before I closed it in 2015. Can I deduct the loss?", None, "retirement_loss", "no", "ira-loss-through-2017", 2015),
    ("In 2016 I closed my only Roth. I had contributed $10,000 and converted $5,000, withdrew $2,000 earlier, and got $8,000 at closing. AGI $50,000. How much can I deduct?", None, "retirement_loss", "yes", "roth-loss-through-2017", 2016),
    ("I still have other IRAs open but closed one at a loss in 2016, deductible?", None, "retirement_loss", "no", "ira-loss-through-2017", 2016),
    ("hi, so basically my wife and I had like 30k in a traditonal ira with after-tax contributions of $25,000, we cashed out all of it in 2014 for $21,000 and our AGI was 150k, can we write off the loss???", None, "retirement_loss", "yes", "ira-loss-through-2017", 2014),
    ("closed all my IRAs in 2016, nondeductible basis $10,000, got $9,500 back, AGI $100,000. deduction?", None, "retirement_loss", "no", "ira-loss-through-2017", 2016),
    ("is there any tax benefit at all when my rollover IRA loses value in 2025", None, "retirement_loss", "no", "ira-loss-2018-2025", 2025),
    ("My neighbor says IRA losses are deductible this year. Is he right?", 2025, "retirement_loss", "no", "ira-loss-2018-2025", 2025),
    # the article's exceptions and reporting advice
    ("Can my IRA loss offset my capital gains?", None, "loss_offset_gains", "no", "article-ltcg-offset", 2025),
    ("I have a big long-term gain from selling Apple and my 401k is down 15k. Can I net them?", None, "loss_offset_gains", "no", "article-ltcg-offset", 2025),
    ("I read online you can deduct a retirement account loss up to the amount of your capital gain, true?", 2024, "loss_offset_gains", "no", "article-ltcg-offset", 2024),
    ("can I deduct my IRA losses against a net operating loss from my rental", None, "loss_against_nol", "no", "article-nol-offset", 2025),
    ("Should I file Form 1045 for my Roth IRA loss together with my NOL?", None, "loss_against_nol", "no", "article-nol-offset", 2025),
    ("Where do I report a loss in my IRA, Form 8949?", None, "report_retirement_loss", "no", "ira-loss-2018-2025", 2025),
    ("do I put my 401(k) loss on Schedule C or Schedule E?", 2026, "report_retirement_loss", "no", "plan-loss-2026-on", 2026),
    ("How did I report an IRA loss for 2016?", None, "report_retirement_loss", "depends", "ira-loss-through-2017", 2016),
    # conversions and recharacterization
    ("Is a loss on a Roth conversion deductible?", None, "roth_conversion_loss", "no", "roth-conversion-loss", 2025),
    ("My account dropped after I converted to Roth in 2016; is the loss deductible?", None, "roth_conversion_loss", "no", "roth-conversion-loss", 2016),
    ("losses incurred during a conversion to a Roth IRA are deductible, right?", None, "roth_conversion_loss", "no", "roth-conversion-loss", 2025),
    ("Can I recharacterize my Roth conversion?", None, "recharacterization", "no", "recharacterize-conversion-2018-on", 2025),
    ("Can I recharacterize a Roth conversion I made in 2018?", None, "recharacterization", "no", "recharacterize-conversion-2018-on", 2018),
    ("could a 2016 Roth conversion be recharacterized?", None, "recharacterization", "yes", "recharacterize-conversion-through-2017", 2016),
    ("Can I still switch my IRA contribution from Roth to traditional (recharacterize the contribution)?", 2025, "recharacterization", "yes", "recharacterize-contribution", 2025),
    ("what's the deadline to recharacterize a 2017 roth conversion", None, "recharacterization", "yes", "recharacterize-conversion-through-2017", 2017),
    # wash sales
    ("Does the wash sale rule apply if I buy the stock back in my IRA?", None, "wash_sale_ira", "yes", "wash-sale-ira", 2025),
    ("sold msft at a loss in brokerage 3/1 and bought msft in my roth ira 3/15, can I still deduct the loss?", None, "wash_sale_ira", "no", "wash-sale-ira", 2025),
    ("If I sell at a loss and my 403(b) buys the same fund within 30 days, wash sale?", None, "wash_sale_ira", "depends", "wash-sale-401k", 2025),
    ("Do wash sale rules apply to trades inside my IRA? I sold at a loss in my IRA and rebought.", None, "wash_sale_ira", "no", "wash-sale-inside-ira", 2025),
    ("my wife bought the same shares in her IRA 10 days after I sold mine at a loss in our joint account. wash sale?", None, "wash_sale_ira", "yes", "wash-sale-ira", 2025),
    # capital losses
    ("How much capital loss can I deduct in a year?", None, "capital_loss_limit", "yes", "capital-loss-limit", 2025),
    ("What's the capital loss limit if married filing separately?", 2024, "capital_loss_limit", "yes", "capital-loss-limit", 2024),
    ("I lost $20,000 trading stocks in 2025 and had no gains. How much can I deduct and carry over?", None, "capital_loss_limit", "yes", "capital-loss-limit", 2025),
    ("I have $5,000 short-term losses and $2k long-term gains, MFS, tax year 2025. how much can I deduct?", None, "capital_loss_limit", "yes", "capital-loss-limit", 2025),
    ("short-term gains of $10,000 and long-term losses of $4,000 in 2025, what's my capital loss deduction?", None, "capital_loss_limit", "no", "capital-loss-limit", 2025),
    ("Can individuals carry capital losses back?", None, "capital_loss_limit", "no", "capital-loss-carryover", 2025),
    ("do capital loss carryovers expire?", None, "capital_loss_limit", "no", "capital-loss-carryover", 2025),  # no: indefinite
    ("my crypto losses are bigger than my gains, what can I deduct", None, "capital_loss_limit", "yes", "capital-loss-limit", 2025),
    # worthless securities
    ("A stock I own became worthless in 2025. Can I deduct it?", None, "worthless_security", "yes", "worthless-security", 2025),
    ("My shares went to zero after the company filed chapter 7, how do I write it off?", 2024, "worthless_security", "yes", "worthless-security", 2024),
    ("My stock is down 90% but still trades. Can I deduct the partial loss?", None, "worthless_security", "no", "worthless-security", 2025),
    ("a company in my IRA went bankrupt, shares worthless, deduction?", None, "worthless_security", "no", "worthless-in-ira", 2025),
    # NOLs
    ("How does a net operating loss carryforward work?", None, "nol_basics", "depends", "nol-post-2017", 2025),
    ("Can I carry back a 2024 NOL?", None, "nol_basics", "no", "nol-post-2017", 2024),
    ("What was the CARES Act carryback for a 2020 net operating loss?", None, "nol_basics", "yes", "nol-post-2017", 2020),
    # out of scope
    ("How does California treat IRA losses?", None, "retirement_loss", "out_of_scope", "out-of-scope-state", 2025),
    ("My Canadian RRSP lost money, can I deduct it?", None, "retirement_loss", "out_of_scope", "out-of-scope-foreign", 2025),
    ("My IRA is down 30%, should I sell everything and buy bonds?", None, "retirement_loss", "out_of_scope", "out-of-scope-advice", 2025),
    ("Can you prepare my return? I had IRA losses and capital gains.", None, "loss_offset_gains", "out_of_scope", "out-of-scope-prepare", 2025),
    # regressions from the eval run (issue 3 follow-up), in different words from the eval cases
    ("My Roth conversion happened on Nov 30, 2017; the account fell in January 2018. Was undoing it an option?", None, "recharacterization", "yes", "recharacterize-conversion-through-2017", 2017),
    ("I had until October 15, 2018 to recharacterize, right? The conversion was in 2017.", None, "recharacterization", "yes", "recharacterize-conversion-through-2017", 2017),
    ("is there a time limit on using capital loss carryforwards? I've had one since 2020", 2025, "capital_loss_limit", "no", "capital-loss-carryover", 2025),
    ("we file a joint return and both of us lost money on stocks. Can each of us take the $3,000?", 2025, "capital_loss_limit", "no", "capital-loss-limit", 2025),
    ("In 2016 I shut down my IRA after losing a third of it. Every contribution I ever made was deducted on my return. Is the loss deductible?", None, "retirement_loss", "no", "ira-loss-through-2017", 2016),
    ("My old 403(b) was 100% pretax money. I cashed it all out in 2014 for less than I had contributed. Can I deduct the shortfall?", None, "retirement_loss", "no", "plan-loss-through-2017", 2014),
    ("2015: I emptied every Roth IRA I owned and received less than my contributions. Deductible?", None, "retirement_loss", "yes", "roth-loss-through-2017", 2015),
    ("For 2016, my husband cashed out all of his IRAs below his after-tax basis, but I still have mine open. Does my account keep him from deducting it?", None, "retirement_loss", "no", "ira-loss-through-2017", 2016),
    ("Can a 2024 business NOL from my LLC be carried back to 2022?", None, "nol_basics", "no", "nol-post-2017", 2024),
    ("our restaurant lost money in 2019 and had a net operating loss. can we carry it back?", None, "nol_basics", "yes", "nol-post-2017", 2019),
    ("I'm carrying a $40,000 NOL forward from 2021; my 2025 taxable income is $30,000. How much can I deduct?", None, "nol_basics", "yes", "nol-post-2017", 2025),
    ("I sold Tesla at a loss last week and bought Tesla again yesterday in the same brokerage account. What happens?", 2025, "wash_sale_ira", "yes", "wash-sale", 2025),
    ("My 401k auto-invest bought the same index fund 5 days after I harvested a loss on it in my taxable account. Wash sale?", None, "wash_sale_ira", "depends", "wash-sale-401k", 2025),
    ("Two weeks before I sold QQQ at a loss in my brokerage, my Roth IRA bought QQQ. Can I still deduct the loss?", None, "wash_sale_ira", "no", "wash-sale-ira", 2025),
    ("When the wash sale is triggered by my IRA buying the shares, does the disallowed loss increase my IRA shares' basis?", None, "wash_sale_ira", "no", "wash-sale-ira", 2025),
    ("My 401k money is all in a rental LLC that reports on Schedule E. Can I put the 401k loss on my Schedule E?", 2025, "report_retirement_loss", "no", "plan-loss-2018-2025", 2025),
    ("My IRA lost money last year, can I deduct it?", 2026, "retirement_loss", "no", "ira-loss-2018-2025", 2025),
    ("Can I deduct my IRA loss for 1985?", None, "retirement_loss", None, None, 1985),
    # personal-use property, the 2%-floor deductions by year, return preparation and non-tax questions (eval follow-up)
    ("We sold our old house for $40,000 less than we bought it for. Any write-off on our 2024 return?", None, "personal_use_loss", "no", "personal-use-loss", 2024),
    ("got way less for my motorcycle than i paid for it, is that a capital loss i can claim", None, "personal_use_loss", "no", "personal-use-loss", 2025),
    ("Is the loss on selling my primary residence deductible?", 2026, "personal_use_loss", "no", "personal-use-loss", 2026),
    ("I took a loss selling my boat last year, can it offset my stock gains?", 2025, "personal_use_loss", "no", "personal-use-loss", 2024),
    ("Were miscellaneous itemized deductions deductible in 2016?", None, "misc_itemized", "yes", "misc-itemized-through-2017", 2016),
    ("Unreimbursed job expenses are miscellaneous itemized deductions; may I deduct them for 2018?", None, "misc_itemized", "no", "misc-itemized-2018-2025", 2018),
    ("For 2026, can I claim deductions above the 2 percent of AGI floor?", None, "misc_itemized", "no", "misc-itemized-2026-on", 2026),
    ("Could you just do my taxes for me? I'll send you my W-2.", None, None, "out_of_scope", "out-of-scope-prepare", 2025),
    ("Compute my total refund from these: wages 62,000, withholding 7,100, single.", 2025, None, "out_of_scope", "out-of-scope-prepare", 2025),
    ("What's the best way to teach a puppy to sit?", None, None, "out_of_scope", "out-of-scope-offtopic", 2025),
    ("recommend me a good sci-fi novel please", None, None, "out_of_scope", "out-of-scope-offtopic", 2025),
    # pure investment advice, no loss named: out of scope (these used to reach retrieval and quote the crypto pages)
    ("What's the best crypto to buy right now?", None, None, "out_of_scope", "out-of-scope-advice", 2025),
    ("Is bitcoin a good investment?", None, None, "out_of_scope", "out-of-scope-advice", 2025),
    ("Which stocks should I buy this year?", None, None, "out_of_scope", "out-of-scope-advice", 2025),
    # a fall in value of investments still held: nothing to deduct until a sale (Pub 550 ch. 4, IRC 1001(a))
    ("My stocks are down 40% this year, can I write that off?", None, "unrealized_loss", "no", "unrealized-loss", 2025),
    ("I haven't sold my shares yet but they dropped $12,000. Can I deduct that for 2024?", None, "unrealized_loss", "no", "unrealized-loss", 2024),
    ("My crypto is underwater, any tax write-off?", None, "unrealized_loss", "no", "unrealized-loss", 2025),
    # ...but once sold it is a capital loss, and inside an IRA it is the retirement rule
    ("I sold my stocks that were down 40%, can I deduct the loss?", None, "capital_loss_limit", "yes", "capital-loss-limit", 2025),
    ("My IRA is down 30% this year, can I deduct that?", None, "retirement_loss", "no", "ira-loss-2018-2025", 2025),
    ("I sold my losing positions in November, how much can I deduct?", None, "capital_loss_limit", "yes", "capital-loss-limit", 2025),
    ("Can I deduct my losing stocks?", None, "unrealized_loss", "no", "unrealized-loss", 2025),
    # tax-loss harvesting: no advice on whether to sell, but the federal rule for the loss selling would realise
    ("Should I sell my losing stock before December to use the loss?", None, "capital_loss_limit", "out_of_scope", "out-of-scope-advice", 2025),
    # buying into what was just sold at a loss is the wash sale rule, not the $3,000 limit
    ("Should I buy more of the fund I sold at a loss last week?", None, "wash_sale_ira", "yes", "wash-sale", 2025),
    # negatives: the rules must stay silent
    ("I sold my rental house at a loss, can I deduct it?", None, None, None, None, 2025),
    ("My car was totaled in an accident, can I deduct the loss?", None, None, None, None, 2025),
    ("How do I fill out my Form 8606?", None, None, None, None, 2025),
    ("How do I fill out my W-4?", None, None, None, None, 2025),
    ("hello", None, None, None, None, 2025),
    ("what is the standard deduction", None, None, None, None, 2025),
    ("how do I report dividends", None, None, None, None, 2025),
    ("can I deduct my home office", None, None, None, None, 2025),
    # written as a negative; the contribution topic (issue 12) now answers it: it turns on a workplace plan and income
    ("Can I deduct my traditional IRA contributions?", None, None, "depends", "traditional-deduction-limit", 2025),
    ("What is the Roth IRA income limit for 2025?", None, None, None, None, 2025),
    ("When do I have to take RMDs from my IRA?", None, None, None, None, 2025),
    ("What is the 10% early withdrawal penalty on a 401(k)?", None, None, None, None, 2025),
    ("Can I deduct mortgage interest on a second home?", None, None, None, None, 2025),

    ("How are qualified dividends taxed in 2025?", None, None, None, None, 2025),
    ("Can I deduct gambling losses?", None, None, None, None, 2025),
    ("", None, None, None, None, 2025),
    ("???", None, None, None, None, 2025),
]

# Multi-turn chains: list of (question, tax_year argument, verdict, rule_id prefix, year, standalone must contain)
CHAINS = [
    [("Can I deduct a loss in my IRA?", None, "no", "ira-loss-2018-2025", 2025, "IRA"),
     ("what about a Roth?", None, "no", "roth-loss-2018-2025", 2025, "Roth IRA"),
     ("and if it was 2016?", None, "depends", "roth-loss-through-2017", 2016, "2016"),
     ("what if I file separately?", None, "depends", "roth-loss-through-2017", 2016, "married filing separately")],
    [("I sold stock at a loss in my brokerage account and bought it back in my IRA 5 days later. Can I deduct the loss?", None, "no", "wash-sale-ira", 2025, "IRA"),
     ("what if I bought it back in my 401(k) instead?", None, "depends", "wash-sale-401k", 2025, "401(k)"),
     # re-asks "Can I deduct the loss?" with the Roth purchase: no (it was "yes" for "is it a wash sale?")
     ("what about a Roth?", None, "no", "wash-sale-ira", 2025, "Roth IRA")],
    [("How much net capital loss can I deduct?", 2025, "yes", "capital-loss-limit", 2025, "capital loss"),
     ("what if I file separately?", 2025, "yes", "capital-loss-limit", 2025, "married filing separately")],
    [("Can I recharacterize my Roth conversion?", 2024, "no", "recharacterize-conversion-2018-on", 2024, "2024"),
     ("and in 2017?", 2024, "yes", "recharacterize-conversion-through-2017", 2017, "2017")],
    [("Is my 401(k) loss deductible for 2025?", None, "no", "plan-loss-2018-2025", 2025, "401(k)"),
     ("and for 2026?", None, "no", "plan-loss-2026-on", 2026, "2026"),
     ("what is the standard deduction?", None, None, None, 2025, "standard deduction"),
     ("what about a Roth?", None, "no", "roth-loss-2026-on", 2026, "Roth IRA")],
    # a follow-up with no tax word is still a follow-up, not an off-topic question
    [("Is a loss in my IRA deductible?", None, "no", "ira-loss-2018-2025", 2025, "IRA"),
     ("what about for my wife?", None, "no", "ira-loss-2018-2025", 2025, "IRA")],
]
# fmt: on


def check(outcome, verdict, rule, year) -> bool:  # type: ignore[no-untyped-def]
    ans = outcome.answer
    got_v = ans.verdict if ans else None
    got_r = ans.rule_id if ans else None
    rule_ok = got_r is None if rule is None else bool(got_r) and got_r.startswith(rule)
    return got_v == verdict and rule_ok and outcome.understanding.tax_year == year


def main() -> None:
    import statistics
    import time

    from app.conversation import Conversation
    from app.rules import respond, warm

    warm()
    respond("warm up the embedder", None)
    for name, table in (("cases", CASES), ("heldout", HELDOUT)):
        ok = answered = 0
        times = []
        for q, ty, _intent, verdict, rule, year in table:
            t = time.perf_counter()
            o = respond(q, None, tax_year=ty)
            times.append(time.perf_counter() - t)
            ok += check(o, verdict, rule, year)
            answered += o.answer is not None
            if not check(o, verdict, rule, year):
                print("MISS", repr(q[:70]), o.understanding.intent, o.answer and o.answer.rule_id)
        print(f"{name}: {ok}/{len(table)} correct, {answered} answered by rules, {len(table) - answered} silent, "
              f"respond p50 {statistics.median(times) * 1000:.1f} ms")
    ok = n = 0
    for chain in CHAINS:
        conv = Conversation()
        for q, ty, verdict, rule, year, _must in chain:
            o = respond(q, conv, tax_year=ty)
            conv.record(q, o, o.answer)
            n += 1
            ok += check(o, verdict, rule, year)
    print(f"chains: {ok}/{n} turns correct")


if __name__ == "__main__":
    main()
