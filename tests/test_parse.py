"""Table-driven tests for okrkit.read.keyresult.parse_key_result (free text → KeyResult fields)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.model import KeyResult
from okrkit.read.keyresult import parse_key_result

REF = date(2026, 7, 1)
D = date

# Each case: the statement and the subset of fields it must parse to.
# A field given as None must be None; fields left out are not checked.
CASES: list[tuple[str, dict]] = [
    # an explicit "from A to B" wins over other numbers in the statement
    (
        "Raise the share of Gmail users who schedule at least one email a month from 6% to 10%",
        dict(baseline=6, target=10, unit="%", direction="increase"),
    ),
    (
        "Reduce Prime cancellations in the first 90 days from 9% to 6%",
        dict(baseline=9, target=6, unit="%", direction="decrease"),
    ),
    (
        "Increase the share of new hires who rate onboarding 4 or 5 out of 5 from 55% to 75%",
        dict(baseline=55, target=75, unit="%", direction="increase"),
    ),
    (
        "Cut my 10k run time from 61 to 55 minutes by October 31",
        dict(baseline=61, target=55, unit="minutes", direction="decrease"),
    ),
    # mixed duration units: the target is converted to the baseline's unit
    (
        "Reduce mean time to restore service after an incident from 3 hours to 45 minutes",
        dict(baseline=3, target=0.75, unit="hours", direction="decrease"),
    ),
    (
        "Cut first response time from 2 days to 12 hours",
        dict(baseline=2, target=0.5, unit="days", direction="decrease"),
    ),
    (  # "s" and "seconds" are one unit: 500 ms is half a second
        "Improve page load time from 2 s to 500 ms",
        dict(baseline=2, target=0.5, unit="seconds", direction="decrease"),
    ),
    (
        "Cut median page load time from 3.2 seconds to 10 milliseconds",
        dict(baseline=3.2, target=0.01, unit="seconds", direction="decrease"),
    ),
    (  # the from/to pass reads the same unit words as the rest of the parser ("msec")
        "Cut load time from 2 s to 500 msec",
        dict(baseline=2, target=0.5, unit="seconds", direction="decrease"),
    ),
    # a time window inside the measured phrase is not the deadline
    (
        "Raise the share of new subscribers who finish a course within 30 days from 18% to 28%",
        dict(baseline=18, target=28, unit="%", due=None),
    ),
    # --- seeds/003: the PM Janet's quarterly goals -------------------------------------
    (
        "Reach 2,000 active daily users created by the registration flow",
        dict(
            target=2000,
            direction="increase",
            unit=None,
            baseline=None,
            due=None,
            metric="active daily users created by the registration flow",
        ),
    ),
    (
        "Conduct 10 interviews with current customers on their product use",
        dict(target=10, direction="increase", unit=None, relative_change=None),
    ),
    (
        "Increase registration conversion rate 15% from last quarter",
        dict(
            relative_change=15,
            target=None,
            direction="increase",
            unit=None,
            due=None,
            metric="registration conversion rate",
        ),
    ),
    (
        "Ship fixes for the top two support issues in registration",
        dict(direction="achieve", target=None, metric=None, due=None),
    ),
    (
        "Take ownership of the two-year roadmap for my product",
        dict(direction="achieve", target=None, metric=None, due=None, relative_change=None),
    ),
    # --- seeds/003: good and bad examples ----------------------------------------------
    (
        "increase the average order value by 5%",
        dict(relative_change=5, direction="increase", metric="average order value", target=None),
    ),
    (
        "run three experiments to learn which part of the checkout flow can be improved the most",
        dict(target=3, direction="increase", metric="experiments"),
    ),
    (
        "Increase weekly sessions per user by 10%",
        dict(relative_change=10, direction="increase", metric="weekly sessions per user", unit=None),
    ),
    (
        "Increase weekly sessions per user by 200%",
        dict(relative_change=200, direction="increase", metric="weekly sessions per user"),
    ),
    ("Increase total users by 10%", dict(relative_change=10, direction="increase", metric="total users")),
    ("Participate in one sales call per week", dict(target=1, direction="increase", metric="sales call per week")),
    ("give one presentation a week", dict(target=1, direction="increase", metric="presentation per week")),
    (
        "launch three improvements to the registration flow",
        dict(target=3, direction="increase", metric="improvements to the registration flow"),
    ),
    (
        "launch three improvements to the registration flow 5%",
        dict(target=3, direction="increase", metric="improvements to the registration flow"),
    ),
    (
        "launch the new registration error checking to increase conversion rate 5%",
        dict(relative_change=5, direction="increase", metric="conversion rate"),
    ),
    (
        "a 5% increase in conversion rate",
        dict(relative_change=5, direction="increase", metric="conversion rate", target=None),
    ),
    ("Become a better presenter", dict(direction=None, metric=None, target=None, relative_change=None, due=None)),
    # --- seeds/001 and seeds/002 ---------------------------------------------------------
    (
        "reducing the reimbursement window from 57 days down to 2 to 3 days",
        dict(baseline=57, target=3, unit="days", direction="decrease", metric="reimbursement window"),
    ),
    (
        "Reduce the reimbursement window from 57 days down to like 2 to 3 days",
        dict(baseline=57, target=3, unit="days", direction="decrease", metric="reimbursement window"),
    ),
    (
        "Lose 15 pounds by the end of 2020",
        dict(
            delta=15,
            unit="lb",
            direction="decrease",
            due=D(2020, 12, 31),
            due_text="by the end of 2020",
            target=None,
            metric="weight",
        ),
    ),
    # --- DESIGN.md ------------------------------------------------------------------------
    (
        "Increase registration conversion from 20% to 23% by 2026-09-30",
        dict(
            baseline=20,
            target=23,
            unit="%",
            direction="increase",
            metric="registration conversion",
            due=D(2026, 9, 30),
            due_text="by 2026-09-30",
            relative_change=None,
        ),
    ),
    (
        "Cut median time from sign-up to first project from 3 days to 1 day",
        dict(
            baseline=3, target=1, unit="days", direction="decrease", metric="median time from sign-up to first project"
        ),
    ),
    (
        "Reduce reimbursement time from 57 days to 3 days by Q4",
        dict(
            baseline=57,
            target=3,
            unit="days",
            direction="decrease",
            metric="reimbursement time",
            due=D(2026, 12, 31),
            due_text="by Q4",
        ),
    ),
    # --- money ----------------------------------------------------------------------------
    (
        "Grow ARR from $1.2M to $2M by end of Q4",
        dict(
            baseline=1_200_000,
            target=2_000_000,
            unit="USD",
            direction="increase",
            metric="arr",
            due=D(2026, 12, 31),
            due_text="by end of Q4",
        ),
    ),
    (
        "Grow monthly recurring revenue from €80k to €120k by 30 Sep",
        dict(baseline=80_000, target=120_000, unit="EUR", metric="monthly recurring revenue", due=D(2026, 9, 30)),
    ),
    (
        "Increase revenue by £500k in H2 2026",
        dict(delta=500_000, unit="GBP", direction="increase", due=D(2026, 12, 31), metric="revenue"),
    ),
    ("Cut infrastructure costs by $20k per month", dict(delta=20_000, unit="USD", direction="decrease")),
    (
        "Increase MRR 20% from $100k",
        dict(relative_change=20, baseline=100_000, target=120_000, unit="USD", direction="increase", metric="mrr"),
    ),
    (
        "Hit $1M ARR by year-end",
        dict(target=1_000_000, unit="USD", direction="increase", metric="arr", due=D(2026, 12, 31)),
    ),
    (
        "Increase average order value from $45 to $50",
        dict(baseline=45, target=50, unit="USD", metric="average order value"),
    ),
    (
        "KR1: Reduce cost per acquisition from €40 to €30 by September 30th",
        dict(
            baseline=40,
            target=30,
            unit="EUR",
            direction="decrease",
            metric="cost per acquisition",
            due=D(2026, 9, 30),
            due_text="by September 30th",
        ),
    ),
    (
        "Reduce customer acquisition cost (CAC) from $120 to $90",
        dict(baseline=120, target=90, unit="USD", direction="decrease", metric="customer acquisition cost"),
    ),
    # --- rates, scores, churn -------------------------------------------------------------
    (
        "Increase conversion rate to 23%",
        dict(target=23, unit="%", direction="increase", relative_change=None, metric="conversion rate"),
    ),
    ("Reduce churn from 5% to 3%", dict(baseline=5, target=3, unit="%", direction="decrease", metric="churn")),
    (
        "Increase NPS from 30 to 45 this quarter",
        dict(
            baseline=30,
            target=45,
            unit=None,
            direction="increase",
            metric="nps",
            due=D(2026, 9, 30),
            due_text="this quarter",
        ),
    ),
    (
        "Increase NPS by 10 points by the end of Q3",
        dict(
            delta=10, unit="points", direction="increase", metric="nps", due=D(2026, 9, 30), due_text="by the end of Q3"
        ),
    ),
    (
        "Improve conversion by 5 percentage points",
        dict(delta=5, unit="pp", direction="increase", relative_change=None, metric="conversion"),
    ),
    (
        "Increase trial-to-paid conversion by 5pp",
        dict(delta=5, unit="pp", direction="increase", metric="trial-to-paid conversion"),
    ),
    (
        "Decrease monthly churn by 2 percentage points",
        dict(delta=2, unit="pp", direction="decrease", metric="monthly churn"),
    ),
    ("Raise CSAT to 4.5 stars", dict(target=4.5, unit="stars", direction="increase", metric="csat")),
    (
        "Boost activation rate from 40% to 55% by March 2027",
        dict(
            baseline=40,
            target=55,
            unit="%",
            direction="increase",
            due=D(2027, 3, 31),
            due_text="by March 2027",
            metric="activation rate",
        ),
    ),
    (
        "Increase 30-day retention from 40% to 45% by 2026-12-31",
        dict(baseline=40, target=45, metric="30-day retention", due=D(2026, 12, 31)),
    ),
    (
        "Raise day-one activation from 20% to 30%",
        dict(baseline=20, target=30, unit="%", direction="increase", metric="day-one activation"),
    ),
    (
        "Reduce COVID-19 related tickets by 30%",
        dict(relative_change=30, target=None, direction="decrease", metric="covid-19 related tickets"),
    ),
    (
        "Conversion rate from 2% to 3%",
        dict(baseline=2, target=3, unit="%", direction="increase", metric="conversion rate"),
    ),
    (
        "Increase conversion 20% → 23%",
        dict(baseline=20, target=23, unit="%", direction="increase", metric="conversion"),
    ),
    ("Increase conversion 20 to 23%", dict(baseline=20, target=23, unit="%", direction="increase")),
    (
        "Increase signups 15% quarter over quarter",
        dict(relative_change=15, direction="increase", metric="signups", target=None),
    ),
    ("Grow revenue 25% year over year", dict(relative_change=25, metric="revenue")),
    ("Cut AWS spend by 15% QoQ", dict(relative_change=15, direction="decrease", metric="aws spend")),
    # --- keep / bounds ----------------------------------------------------------------------
    ("Maintain 99.9% uptime", dict(target=99.9, unit="%", direction="keep", metric="uptime")),
    ("Keep monthly churn under 2%", dict(target=2, unit="%", direction="keep", metric="monthly churn")),
    (
        "Keep API error rate below 0.1% this quarter",
        dict(target=0.1, unit="%", direction="keep", metric="api error rate", due=D(2026, 9, 30)),
    ),
    (
        "No more than 5 P1 incidents per quarter",
        dict(target=5, direction="keep", metric="p1 incidents per quarter", due=None),
    ),
    ("At least 90% of tickets answered within 24 hours", dict(target=90, unit="%", direction="keep", due=None)),
    (
        "Fewer than 5 critical bugs in production",
        dict(target=5, direction="keep", metric="critical bugs in production"),
    ),
    ("NPS of 50 or higher by Q4", dict(target=50, direction="keep", metric="nps", due=D(2026, 12, 31))),
    (
        "Hold 4 customer workshops by EOY",
        dict(target=4, direction="increase", metric="customer workshops", due=D(2026, 12, 31), due_text="by EOY"),
    ),
    ("Reduce p95 latency to under 200ms", dict(target=200, unit="ms", direction="decrease", metric="p95 latency")),
    (
        "Reduce p95 latency from 800ms to 300ms within 30 days",
        dict(
            baseline=800,
            target=300,
            unit="ms",
            direction="decrease",
            metric="p95 latency",
            due=D(2026, 7, 31),
            due_text="within 30 days",
        ),
    ),
    ("Achieve NPS of 50 or higher", dict(target=50, direction="increase", metric="nps")),
    # --- time and counts ----------------------------------------------------------------------
    (
        "Increase average session length from 4 to 6 minutes",
        dict(baseline=4, target=6, unit="minutes", direction="increase", metric="average session length"),
    ),
    (
        "Reduce time to resolve support tickets from 48 hours to 24 hours",
        dict(baseline=48, target=24, unit="hours", direction="decrease", metric="time to resolve support tickets"),
    ),
    ("Reduce MTTR from 4h to 1h", dict(baseline=4, target=1, unit="hours", metric="mttr")),
    (
        "Improve page load time from 3.2s to 1.5s",
        dict(baseline=3.2, target=1.5, unit="seconds", direction="decrease", metric="page load time"),
    ),
    (
        "Bring average handle time down from 12 minutes to 8 minutes",
        dict(baseline=12, target=8, unit="minutes", direction="decrease", metric="average handle time"),
    ),
    ("Reduce onboarding time by 2 days", dict(delta=2, unit="days", direction="decrease", metric="onboarding time")),
    ("Get churn down to 2%", dict(target=2, unit="%", direction="decrease", metric="churn")),
    (
        "Increase blog posts published from 4 to 8",
        dict(baseline=4, target=8, direction="increase", metric="blog posts published"),
    ),
    (
        "Publish 12 blog posts this quarter",
        dict(target=12, direction="increase", metric="blog posts", due=D(2026, 9, 30)),
    ),
    (
        "Run 12 customer workshops in H2",
        dict(target=12, metric="customer workshops", due=D(2026, 12, 31), due_text="in H2"),
    ),
    (
        "Add 500 paying customers by 30 Sep",
        dict(
            delta=500,
            direction="increase",
            metric="paying customers",
            target=None,
            due=D(2026, 9, 30),
            due_text="by 30 Sep",
        ),
    ),
    (
        "Sign 5 new enterprise customers by end of Q3",
        dict(target=5, direction="increase", metric="new enterprise customers", due=D(2026, 9, 30)),
    ),
    (
        "Acquire 1,000 new paying users within 60 days",
        dict(target=1000, direction="increase", due=D(2026, 8, 30), due_text="within 60 days"),
    ),
    (
        "Reach 1.5k weekly active users within 2 months",
        dict(target=1500, metric="weekly active users", due=D(2026, 9, 1)),
    ),
    ("Grow Instagram followers from 10k to 25k", dict(baseline=10_000, target=25_000, metric="instagram followers")),
    ("Sell 10 thousand units", dict(target=10_000, direction="increase", metric="units")),
    ("Reach ten enterprise pilots", dict(target=10, direction="increase", metric="enterprise pilots")),
    ("Win 3 new logos", dict(target=3, direction="increase", metric="new logos")),
    ("Hire 2 to 3 engineers by Q1", dict(target=2, direction="increase", metric="engineers", due=D(2027, 3, 31))),
    ("Hire 2-3 engineers", dict(target=2, direction="increase")),
    ("500 more paying customers", dict(delta=500, direction="increase", metric="paying customers")),
    ("30% fewer support tickets", dict(relative_change=30, direction="decrease", metric="support tickets")),
    (
        "Increase the share of orders with 5-star reviews to 80%",
        dict(target=80, unit="%", metric="share of orders with 5-star reviews"),
    ),
    # --- multiples and halves --------------------------------------------------------------------
    (
        "Double weekly active users by end of year",
        dict(
            relative_change=100,
            direction="increase",
            metric="weekly active users",
            due=D(2026, 12, 31),
            due_text="by end of year",
        ),
    ),
    ("Triple newsletter signups by December 31", dict(relative_change=200, direction="increase", due=D(2026, 12, 31))),
    (
        "Halve the number of support tickets per 1,000 users",
        dict(relative_change=50, direction="decrease", target=None, metric="number of support tickets per 1,000 users"),
    ),
    (
        "Halve onboarding time from 10 days to 5 days",
        dict(relative_change=50, baseline=10, target=5, unit="days", direction="decrease"),
    ),
    ("Cut churn in half", dict(relative_change=50, direction="decrease", metric="churn")),
    ("Grow revenue 3x", dict(relative_change=200, direction="increase", metric="revenue", unit=None)),
    ("Reduce support tickets by 30%", dict(relative_change=30, direction="decrease", metric="support tickets")),
    ("Eliminate all P1 bugs", dict(target=0, direction="decrease", metric="p1 bugs")),
    (
        "Lose 10 kg by the end of the year",
        dict(delta=10, unit="kg", direction="decrease", metric="weight", due=D(2026, 12, 31)),
    ),
    # --- deliverables ------------------------------------------------------------------------------
    ("Ship the mobile app by Sep 30", dict(direction="achieve", metric=None, due=D(2026, 9, 30), due_text="by Sep 30")),
    ("Launch the referral program by March 2027", dict(direction="achieve", metric=None, due=D(2027, 3, 31))),
    ("Launch the new onboarding flow by 2026-08-15", dict(direction="achieve", target=None, due=D(2026, 8, 15))),
    ("Ship v2 of the mobile app", dict(direction="achieve", target=None, metric=None)),
    ("Release version 2.0 of the API", dict(direction="achieve", target=None)),
    ("Complete the SOC 2 audit by end of H1 2027", dict(direction="achieve", target=None, due=D(2027, 6, 30))),
    ("Reach profitability by Q2 2027", dict(direction="achieve", due=D(2027, 6, 30))),
    # --- due-date phrasings ----------------------------------------------------------------------------
    (
        "Increase sign-ups by 20% in the next 90 days",
        dict(relative_change=20, due=D(2026, 9, 29), due_text="in the next 90 days"),
    ),
    (
        "Increase trial signups by 20% in 90 days",
        dict(relative_change=20, metric="trial signups", due=D(2026, 9, 29), due_text="in 90 days"),
    ),
    ("Grow MRR by $50k in 6 weeks", dict(delta=50_000, unit="USD", due=D(2026, 8, 12), due_text="in 6 weeks")),
    (
        "Reduce the average reimbursement time to 3 days within 6 weeks",
        dict(target=3, unit="days", direction="decrease", due=D(2026, 8, 12)),
    ),
    ("Onboard 50 new customers next quarter", dict(target=50, due=D(2026, 12, 31), due_text="next quarter")),
    ("Increase DAU this month", dict(direction="increase", metric="dau", due=D(2026, 7, 31))),
    ("Reduce open bugs by end of month", dict(direction="decrease", due=D(2026, 7, 31))),
    ("Reduce churn to 2% by end of 2026", dict(target=2, due=D(2026, 12, 31))),
    ("Hire 3 engineers by EOY", dict(target=3, due=D(2026, 12, 31))),
    ("Increase NPS from 30 to 45 by 30 September 2026", dict(target=45, due=D(2026, 9, 30))),
    ("Ship the pricing page by September 30th", dict(due=D(2026, 9, 30))),
    ("Launch the partner portal by 15 Jan", dict(due=D(2027, 1, 15), due_text="by 15 Jan")),
    ("Launch in Q3 2026", dict(due=D(2026, 9, 30), due_text="in Q3 2026")),
    ("Close 20 deals by the end of Q1", dict(target=20, due=D(2027, 3, 31))),
    (
        "Increase revenue from existing customers by 10% this year",
        dict(relative_change=10, metric="revenue from existing customers", due=D(2026, 12, 31)),
    ),
    # --- vague and hedged ----------------------------------------------------------------------------
    ("Improve customer satisfaction", dict(direction="increase", metric="customer satisfaction", target=None)),
    ("Significantly improve customer satisfaction", dict(direction="increase", metric="customer satisfaction")),
    ("Try to increase revenue a lot", dict(direction="increase", metric="revenue")),
    ("Try to grow signups somewhat", dict(direction="increase", metric="signups")),
    ("Improve team morale", dict(direction="increase", metric=None, target=None)),
    ("Make customers happier", dict(direction=None, metric=None)),
    ("Users love the new dashboard", dict(direction=None, metric=None, target=None)),
    ("Increase revenue", dict(direction="increase", metric="revenue", target=None, due=None)),
    ("", dict(direction=None, metric=None, target=None, due=None, text="")),
    # --- fiscal labels and versions are labels: never a due date, a value or the metric ------------
    (
        "Grow FY27 bookings from $3M to $4M",
        dict(baseline=3_000_000, target=4_000_000, unit="USD", metric="bookings", due=None, due_text=None),
    ),
    (
        "FY2025 H2 renewals at 90%",
        dict(target=90, unit="%", baseline=None, metric="renewals", due=None, due_text=None),
    ),
    (
        "FY24-Q3 qualified pipeline at 2.5x plan",
        dict(target=None, baseline=None, relative_change=150, due=None, due_text=None),
    ),
    ("Ship the Q2 FY25 audit pack", dict(direction="achieve", target=None, due=None, due_text=None)),
    ("Publish the first quarter of FY26 price list", dict(direction="achieve", due=None, due_text=None)),
    (  # a fiscal deadline is a deadline, but a fiscal year's end is not a calendar date
        "Raise gross margin to 62% in FY26",
        dict(target=62, unit="%", metric="gross margin", due=None, due_text="in FY26"),
    ),
    (
        "Cut cloud spend by 12% by end of FY2027",
        dict(relative_change=12, metric="cloud spend", due=None, due_text="by end of FY2027"),
    ),
    ("Ship v3.2 of the billing service", dict(direction="achieve", target=None, metric=None)),
    (
        "Reach 40% adoption of version 4.1 by Q3 2026",
        dict(target=40, unit="%", baseline=None, due=D(2026, 9, 30), due_text="by Q3 2026"),
    ),
    ("Move every tenant onto Release 12", dict(direction="achieve", target=None, metric=None)),
    ("Release 9 ships without a P1 regression", dict(target=None, baseline=None, due=None)),
    (
        "Move 70% of customers onto Release 12",
        dict(target=70, unit="%", baseline=None, metric="customers onto release 12"),
    ),
    ("Release 3 new onboarding guides", dict(target=3, direction="increase", metric="new onboarding guides")),
    (  # "stage 3" names a stage, like "phase 2" or "tier 1"
        "Grow stage 3 opportunities from 40 to 55",
        dict(baseline=40, target=55, direction="increase", metric="stage 3 opportunities"),
    ),
    ("Keep stage 2 pipeline above $8M", dict(target=8_000_000, unit="USD", direction="keep")),
    # calendar labels with a year, or read against the reference date, stay due dates
    ("Q3 2026 revenue from partners reaches $2M", dict(target=2_000_000, due=D(2026, 9, 30))),
    ("Close 12 reseller deals by end of Q3", dict(target=12, due=D(2026, 9, 30), due_text="by end of Q3")),
    # --- a duration that is part of the measure is not a deadline -----------------------------------
    (
        "The nightly import runs for 21 days without a failure",
        dict(target=21, unit="days", due=None, due_text=None),
    ),
    (
        "Keep the checkout service error-free for 14 days in a row",
        dict(target=14, unit="days", direction="keep", due=None, due_text=None),
    ),
    (
        "Average uptime over 90 days above 99.95%",
        dict(target=99.95, unit="%", direction="keep", metric="average uptime over 90 days", due=None),
    ),
    (
        "Reply to 90% of partner emails within 10 days of receipt",
        dict(target=90, unit="%", due=None, due_text=None),
    ),
    ("Support replies to every chat within 4 hours", dict(target=4, unit="hours", due=None)),
    (
        "Increase 30 day retention of new teams to 45%",
        dict(target=45, unit="%", metric="30 day retention of new teams", due=None),
    ),
    (  # a length of time before a noun describes it: "a 1 week sprint" counts no weeks
        "Run a 1 week design sprint for new hires",
        dict(target=None, direction="achieve", due=None),
    ),
    ("Host a 2 day partner summit with 150 guests", dict(target=150, unit=None, due=None)),
    (
        "Cut onboarding from 3 days to 1 day for new teams",
        dict(baseline=3, target=1, unit="days", metric="onboarding for new teams"),
    ),
    # deadline phrasing stays a due date
    (
        "Grow paid seats by 15% in the next 60 days",
        dict(relative_change=15, due=D(2026, 8, 30), due_text="in the next 60 days"),
    ),
    (
        "Cut cloud costs by 10% over the next 8 weeks",
        dict(relative_change=10, due=D(2026, 8, 26), due_text="over the next 8 weeks"),
    ),
    ("Sign 4 design partners within the quarter", dict(target=4, due=D(2026, 9, 30), due_text="within the quarter")),
    ("Onboard 30 clinics within 90 days", dict(target=30, due=D(2026, 9, 29), due_text="within 90 days")),
    # --- idioms are not numbers ---------------------------------------------------------------------
    ("Double down on the partner channel", dict(relative_change=None, target=None, direction=None)),
    ("Doubling down on self-serve plans", dict(relative_change=None, target=None, direction=None)),
    ("Become one of the best places to work in fintech", dict(target=None, relative_change=None)),
    ("A support experience second to none", dict(target=None, relative_change=None, due=None)),
    ("Triple-check every invoice before it is sent", dict(target=None, relative_change=None)),
    ("Zero in on the causes of failed payments", dict(target=None, direction=None)),
    ("Engineers review one another's pull requests", dict(target=None, relative_change=None)),
    ("Fix flaky tests one by one", dict(target=None, direction="achieve")),
    ("Double the number of paying teams", dict(relative_change=100, direction="increase")),
    ("Zero P1 incidents this quarter", dict(target=0, due=D(2026, 9, 30))),
    ("Make self-serve upgrades our number one priority", dict(target=None, relative_change=None)),
    ("Be the number one choice for clinic scheduling", dict(target=None, relative_change=None)),
    # --- a per-item window after a share is a service level, not the deadline ---------------------------
    ("Close 85% of refund requests within 10 days", dict(target=85, unit="%", due=None, due_text=None)),
    ("Answer every partner question within 2 weeks", dict(due=None, due_text=None)),
    ("Ship 95% of orders within 14 days by end of Q3", dict(target=95, due=D(2026, 9, 30))),
    ("Move 30% of customers to the new plan within 90 days", dict(due=D(2026, 9, 29))),
    # --- "quarter 3" is a quarter, not a target of 3 --------------------------------------------------
    ("Ship the offline mode in quarter 4", dict(target=None, due=D(2026, 12, 31))),
    ("Reach 500 paying clinics by quarter 3", dict(target=500, due=D(2026, 9, 30))),
    # --- "by N% of <people>" is a share of a population, not a +N% change -----------------------------
    ("Dark mode adopted by 40% of squads", dict(relative_change=None, target=40, unit="%")),
    ("Grow trial sign-ups by 40%", dict(relative_change=40)),
    # --- an explicit "by day N" is the deadline, whatever quarter the statement names (issue 13) ------
    ("The Q4 hiring plan is signed off by the CFO by day 45", dict(due=None, due_text="by day 45")),
    ("Publish the H2 pricing page by day 30", dict(due=None, due_text="by day 30")),
    (  # "on day 30" says when the measure is taken (day-30 activity), not a deadline
        "Raise the share of teams active on day 30 from 20% to 30%",
        dict(due=None, due_text=None, baseline=20, target=30),
    ),
    # --- an explicit "by/before/until <date>" is the deadline; a quarter or period named earlier is a label ---
    ("Finalise the Q2 hiring budget before 2026-05-20", dict(due=D(2026, 5, 20), due_text="before 2026-05-20")),
    (
        "This quarter's pricing memo is reviewed by legal no later than Sept 12",
        dict(due=D(2026, 9, 12), due_text="no later than Sept 12"),
    ),
    ("H2 hiring plan agreed with finance until March 3, 2027", dict(due=D(2027, 3, 3))),
    ("Next month's onboarding guide is published by 14 August", dict(due=D(2026, 8, 14), due_text="by 14 August")),
    (  # the label stays out of the metric, as the due phrase it was read as before
        "Grow Q1 webinar sign-ups from 200 to 300 by 2027-03-15",
        dict(due=D(2027, 3, 15), baseline=200, target=300, metric="webinar sign-ups"),
    ),
    # a quarter that is the due phrase still is one; a duration after a label stays the measure
    ("Ship the onboarding revamp by Q3", dict(due=D(2026, 9, 30), due_text="by Q3")),
    ("Close the Q4 audit findings in Q3", dict(due=D(2026, 9, 30), due_text="in Q3")),
    ("Cut the Q3 release lead time by 2 weeks", dict(due=D(2026, 9, 30), delta=2, unit="weeks")),
]


def _check(kr: KeyResult, expected: dict) -> None:
    """Assert that every expected field matches (floats approximately)."""
    for field, want in expected.items():
        got = getattr(kr, field)
        if isinstance(want, (int, float)) and not isinstance(want, bool) and want is not None:
            assert got == pytest.approx(want), f"{field}: got {got!r}, want {want!r}"
        else:
            assert got == want, f"{field}: got {got!r}, want {want!r}"


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:60] or "<empty>" for c in CASES])
def test_parse(text: str, expected: dict) -> None:
    kr = parse_key_result(text, ref=REF)
    assert isinstance(kr, KeyResult)
    assert kr.text == text.strip()
    _check(kr, expected)


def test_enough_cases() -> None:
    assert len(CASES) >= 70


def test_untouched_fields_keep_defaults() -> None:
    kr = parse_key_result("Increase registration conversion from 20% to 23% by 2026-09-30", ref=REF)
    fields = (kr.current, kr.confidence, kr.weight, kr.line, kr.explicit)
    assert fields == (None, None, 1.0, None, frozenset())


def test_text_is_stripped_and_kept() -> None:
    kr = parse_key_result("  \n Increase total users by 10%\t ", ref=REF)
    assert kr.text == "Increase total users by 10%"
    assert kr.relative_change == 10


def test_results_are_fresh_copies() -> None:
    a = parse_key_result("Reduce churn from 5% to 3%", ref=REF)
    a.target = 99.0
    a.current = 4.0
    b = parse_key_result("Reduce churn from 5% to 3%", ref=REF)
    assert b.target == 3 and b.current is None and a is not b


# Without a reference date nothing is read against the wall clock: a phrase that needs a year
# keeps its words but no date; an explicit date still resolves.
NO_REF_CASES: list[tuple[str, dict]] = [
    ("Ship the billing revamp by March", dict(due=None, due_text="by March", direction="achieve")),
    ("Cut churn to 3% by end of next quarter", dict(target=3, due=None, due_text="by end of next quarter")),
    ("Grow MRR by $40k in 6 weeks", dict(delta=40_000, unit="USD", due=None, due_text="in 6 weeks")),
    ("Close 12 reseller deals by end of Q3", dict(target=12, due=None, due_text="by end of Q3")),
    ("Ship the new dashboard this year", dict(due=None, due_text="this year")),
    ("Launch the referral program by 15 Oct", dict(due=None, due_text="by 15 Oct")),
    ("Sign 4 design partners within the quarter", dict(due=None, due_text="within the quarter")),
    ("Ship it by 2026-09-30", dict(due=D(2026, 9, 30), due_text="by 2026-09-30")),
    ("Launch in Q3 2026", dict(due=D(2026, 9, 30), due_text="in Q3 2026")),
    ("Launch the app by March 2027", dict(due=D(2027, 3, 31), due_text="by March 2027")),
    ("Reach 1,000 paying teams by the end of 2027", dict(target=1000, due=D(2027, 12, 31))),
    ("Launch the partner portal by 15 June 2027", dict(due=D(2027, 6, 15))),
    ("Answer every ticket within 3 days", dict(target=3, unit="days", due=None, due_text=None)),
    ("The nightly import runs for 21 days without a failure", dict(target=21, due=None, due_text=None)),
    ("Raise gross margin to 62% in FY26", dict(due=None, due_text="in FY26")),
]


@pytest.mark.parametrize("text,expected", NO_REF_CASES, ids=[c[0][:60] for c in NO_REF_CASES])
def test_no_ref_never_reads_the_clock(text: str, expected: dict) -> None:
    _check(parse_key_result(text), expected)
    _check(parse_key_result(text, ref=None), expected)


def test_no_ref_is_the_same_on_any_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parse without a ref does not depend on today's date."""
    import datetime as dt

    class FrozenDate(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            raise AssertionError("the parser read the wall clock")

    import importlib
    import pkgutil

    import okrkit.read.keyresult as kr_pkg

    for mod in ["", *(f".{m.name}" for m in pkgutil.iter_modules(kr_pkg.__path__))]:
        module = importlib.import_module("okrkit.read.keyresult" + mod)
        if getattr(module, "date", None) is dt.date:
            monkeypatch.setattr(module, "date", FrozenDate)
    kr = parse_key_result("Ship the pricing page by the end of next month, then review it")
    assert kr.due is None and kr.due_text == "by the end of next month"


def test_partial_dates_roll_forward() -> None:
    assert parse_key_result("Ship it by Jun 30", ref=REF).due == date(2027, 6, 30)
    assert parse_key_result("Ship it by Jul 1", ref=REF).due == date(2026, 7, 1)
    assert parse_key_result("Ship it by end of Q2", ref=REF).due == date(2027, 6, 30)
    assert parse_key_result("Ship it by end of Q2 2026", ref=REF).due == date(2026, 6, 30)


def test_huge_input_is_capped_and_fast() -> None:
    text = "Increase conversion from 20% to 23% " + "and more " * 200_000
    kr = parse_key_result(text, ref=REF)
    assert kr.text == text.strip()
    assert (kr.baseline, kr.target) == (20, 23)


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01",
        "％％％",
        "İİİ increase 5%",
        "🚀 Increase MRR by 20% 🚀",
        "by by by by",
        "from to from to",
        "99999999999999999999999 days",
        "in 99999 years",
        "by 9999-99-99",
        "Q9 2026",
        "1e308 users",
        "2,000,000,000,000,000,000 users",
        "- - -",
        "((((((",
        "by 29 Feb",
        "by 31 Apr",
        "Release " + "9" * 400,
        "Ship release " + "9" * 400 + " ships",
        "runs for 99999 days",
        "within 9999 days of signing",
        "FY",
        "fy99999 h9 q0",
        "Q3 FY",
        "by end of FY 2099-Q4",
        "double down down down",
        "one by one by one",
        "30 day 30 day 30 day",
        "in the next 9999 weeks",
    ],
)
@pytest.mark.parametrize("ref", [REF, None, date.min, date.max], ids=["ref", "no-ref", "min", "max"])
def test_odd_inputs_never_raise(text: str, ref: date | None) -> None:
    kr = parse_key_result(text, ref=ref)
    assert kr.text == text.strip()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    kr = parse_key_result(text, ref=REF)
    assert isinstance(kr, KeyResult)
    assert kr.text == text.strip()
    assert kr.direction in (None, "increase", "decrease", "keep", "achieve")


_SALAD = (
    "increase reduce from to by of at least under over for 5% 20 $1.2M 3 days day Q3 end the Sep 30 "
    "2026-09-30 in within weeks this quarter half double down x , - → users rate FY26 fy2025 H1 q4 FY24-Q3 "
    "release Release 12 version v2.3 stage 3+ one another zero next last first signing after 1.8X 30 "
    "no later than run runs keep maintain launch ship 2/3 12/31/2026 ’27 eoy"
).split()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(_SALAD), st.integers(0, 10**400).map(str)), max_size=16),
    st.one_of(st.none(), st.dates()),
)
def test_never_raises_on_kr_like_word_salad(words: list[str], ref: date | None) -> None:
    text = " ".join(words)
    kr = parse_key_result(text, ref=ref)
    assert kr.text == text.strip()
    assert kr.direction in (None, "increase", "decrease", "keep", "achieve")
    assert (kr.due is None) or (kr.due_text is not None)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parser_core_raises_nothing_either(text: str) -> None:
    """parse_key_result has no safety net: the parser itself never raises."""
    from okrkit.read.keyresult.parser import parse_statement

    assert parse_statement(text.strip(), REF).text == text.strip()
    assert parse_statement(text.strip(), None).text == text.strip()


def test_a_parser_bug_surfaces(monkeypatch: pytest.MonkeyPatch) -> None:
    """No catch-all: an exception inside the parser reaches the caller instead of an empty KeyResult."""
    import okrkit.read.keyresult as kr_pkg

    def broken(text: str, ref: date | None) -> KeyResult:
        raise RuntimeError("parser bug")

    monkeypatch.setattr(kr_pkg, "parse_statement", broken)
    kr_pkg._parse_cached.cache_clear()
    with pytest.raises(RuntimeError):
        parse_key_result("Increase weekly sessions per user by 9% (a statement nobody parsed yet)", ref=REF)
    kr_pkg._parse_cached.cache_clear()
