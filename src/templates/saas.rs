//! SaaS / B2B services, finance-led: the most mature of the templates.
//!
//! Four locked company KPIs (ARR growth, net cash burn, gross margin, customer lifetime
//! value), each with three or four leading department indicators; every link documented;
//! a named owner on every KPI; a glossary that keeps bookings apart from recognised
//! revenue and defines ARR. Leading indicators are reviewed weekly and the company KPIs
//! monthly; each quarter a KPI may be retired and another added (the change log shows
//! the latest such decision). Known conflict pairs carry recorded resolutions, and every
//! KPI off track for the escalation threshold has been escalated.
//!
//! The operating rhythm runs too: two quarters of check-ins on every active KPI, the
//! weekly operating review every Monday and the monthly executive review after each
//! month's close, with their decisions and actions, and a finance-led 90-day pilot on
//! three company KPIs, about 60 days in. Forecasts got better as the team practised:
//! their variance falls from about a fifth in the first quarter to under a tenth now.

use super::builder::*;
use crate::model::tags;
use crate::model::Unit::{Count, Currency, Days, Percent, Ratio};
use crate::model::*;

pub fn build(today: Date) -> Model {
    let mut b = Builder::new(
        today,
        "Ledgerly",
        "B2B SaaS and implementation services (finance automation)",
        Velocity::High,
        1,
        "USD",
    );
    let fy = b.fy_end();
    let qe = quarter_end(today.add_days(20));
    let lock = b.lock_date();
    // The last quarterly retire/add review: ten days after the last quarter end.
    let last_qr = last_review(today.add_days(-10), Cadence::Quarterly).add_days(10);

    // ---- organisation --------------------------------------------------------------
    let sales = b.dept("Sales");
    let marketing = b.dept("Marketing");
    let cs = b.dept("Customer Success");
    let pe = b.dept("Product & Engineering");
    let finance = b.dept("Finance");

    let ceo = b.person("Sarah Okonkwo", "Chief Executive Officer", None, None);
    let coo = b.person("Yuki Tanaka", "Chief Operating Officer", None, Some(ceo));
    let cro = b.head(sales, "James O'Connor", "Chief Revenue Officer", ceo);
    let vp_mkt = b.head(marketing, "Fatima Zahra", "VP Marketing", cro);
    let cco = b.head(cs, "Marco Rossi", "Chief Customer Officer", coo);
    let cto = b.head(pe, "Lukas Becker", "Chief Technology Officer", ceo);
    let cfo = b.head(finance, "David Lindgren", "Chief Financial Officer", ceo);
    let fpa = b.member(finance, "Olivia Brandt", "Head of FP&A", cfo);
    b.alignment_owner(fpa);
    let support = b.member(cs, "Hannah Schulz", "Director of Support & Services", cco);
    let vp_prod = b.member(pe, "Priya Nair", "VP Product", cto);
    let rahul = b.member(sales, "Rahul Mehta", "Sales Development Manager", cro);
    let chloe = b.member(marketing, "Chloé Bernard", "Demand Generation Lead", vp_mkt);
    let tomas = b.member(cs, "Tomás Silva", "CSM Team Lead", cco);
    let aisha = b.member(pe, "Aisha Khan", "Engineering Manager, Platform", cto);
    let ben = b.member(finance, "Ben Carter", "Billing & Collections Manager", cfo);
    b.governance(3, coo);

    // ---- glossary: the terms everyone argues about ----------------------------------
    let arr_term = b.term(TermDef {
        name: "ARR",
        definition:
            "Annual recurring revenue: the annualised value of active subscription contracts at a date, \
                     excluding one-off implementation and services fees.",
        formula: "Sum over active subscriptions of (monthly recurring fee x 12), after discounts",
        unit: Some(Unit::Currency),
        timing: "Measured at the last day of the month from contracts live on that day.",
        recognition: "Counted from the subscription start date in the contract, not from signature.",
        source: "Salesforce (contracts) reconciled to NetSuite billing",
        example: "A 3-year contract at 4,000 a month starting 1 March adds 48,000 ARR on 1 March.",
        owner: Some(fpa),
    });
    let bookings_term = b.term(TermDef {
        name: "Bookings",
        definition:
            "The first-year contract value of new and expansion subscription contracts signed in the \
                     period, whether or not they have started or been invoiced.",
        formula: "Sum of first-year subscription value of contracts signed in the period",
        unit: Some(Unit::Currency),
        timing: "Weekly, Monday to Sunday; a contract counts in the week both parties signed it.",
        recognition: "Bookings: counted at signature. Never used for revenue reporting.",
        source: "Salesforce",
        example: "A contract signed on 28 June starting 1 August books in June and adds ARR in August.",
        owner: Some(cro),
    });
    b.term(TermDef {
        name: "Recognised revenue",
        definition: "Revenue earned in the period under IFRS 15: subscriptions ratably over the service \
                     period, implementation services as delivered.",
        formula: "Subscription fees x days of service in the period / days in the contract term + services delivered",
        unit: Some(Unit::Currency),
        timing: "Calendar month; closes on the 4th working day of the following month.",
        recognition: "Recognised revenue (IFRS 15): ratably over the subscription term; services on delivery.",
        source: "NetSuite Revenue Recognition",
        example: "A 48,000 annual subscription starting 1 August recognises 4,000 in August.",
        owner: Some(cfo),
    });

    // ---- company KPIs ----------------------------------------------------------------
    let arr = b
        .company(ceo, "ARR growth", Percent)
        .define(
            "Year-over-year growth of ARR at month end (see the ARR term).",
            "(ARR at month end - ARR a year earlier) / ARR a year earlier x 100",
            "ARR 27.0M vs 20.0M a year earlier = 35.0%",
        )
        .recognition("ARR: counted from the subscription start date, not from signature (bookings).")
        .source("Salesforce + NetSuite")
        .target(35.0, fy)
        .th(35.0, 30.0)
        .trend(&[(13.0, 24.0), (6.0, 31.0), (0.0, 36.2)], 0.4)
        .locked(lock)
        .id();
    let burn = b
        .company(cfo, "Net cash burn", Currency)
        .define(
            "Net cash used by the business in the month, before financing.",
            "Cash at start of month - cash at end of month, excluding equity and debt financing",
            "Opening cash 31.4M - closing cash 31.02M = 380,000",
        )
        .source("NetSuite + bank feeds (Kyriba)")
        .lower()
        .target(400_000.0, fy)
        .th(400_000.0, 550_000.0)
        .trend(&[(13.0, 900_000.0), (6.0, 560_000.0), (0.0, 375_000.0)], 20_000.0)
        .locked(lock)
        .id();
    let gm = b
        .company(coo, "Gross margin", Percent)
        .define(
            "Recognised revenue minus hosting, support and services delivery cost, as a share of recognised revenue, trailing three months.",
            "(Recognised revenue - cost of revenue) / recognised revenue x 100, 3 months",
            "(6.9M - 1.56M) / 6.9M = 77.4%",
        )
        .recognition("Recognised revenue (IFRS 15), not bookings.")
        .source("NetSuite")
        .target(78.0, fy)
        .th(78.0, 75.0)
        .trend(&[(13.0, 72.0), (6.0, 75.5), (0.0, 77.3)], 0.15)
        .locked(lock)
        .id();
    let clv = b
        .company(cco, "Customer lifetime value", Currency)
        .define(
            "Expected gross profit from an average customer over its lifetime.",
            "Average ARR per customer x gross margin % / annual logo churn rate",
            "24,000 x 77% / 10.5% = 176,000",
        )
        .source("ChartMogul")
        .target(180_000.0, fy)
        .th(180_000.0, 160_000.0)
        .trend(&[(13.0, 140_000.0), (6.0, 162_000.0), (0.0, 176_000.0)], 1_500.0)
        .locked(lock)
        .id();

    // ---- Sales -----------------------------------------------------------------------
    let stage2 = b
        .dept_kpi(sales, cro, "Stage-2 to close conversion", Percent)
        .define(
            "Pipeline quality: share of opportunities that reached stage 2 (qualified) and closed won, rolling 13 weeks.",
            "Opportunities closed won / opportunities closed won or lost that had reached stage 2, 13 weeks x 100",
            "62 won of 200 closed = 31.0%",
        )
        .source("Salesforce")
        .leading()
        .tags(&[tags::LEAD_QUALITY])
        .target(30.0, fy)
        .th(30.0, 26.0)
        .trend(&[(13.0, 23.0), (6.0, 27.5), (0.0, 30.8)], 0.4)
        .id();
    let bookings = b
        .dept_kpi(sales, cro, "New bookings", Currency)
        .term(bookings_term)
        .desc("First-year value of new and expansion contracts signed in the week (see the Bookings term).")
        .source("Salesforce")
        .leading()
        .target(260_000.0, fy)
        .th(260_000.0, 210_000.0)
        .trend(&[(13.0, 170_000.0), (6.0, 225_000.0), (0.0, 268_000.0)], 12_000.0)
        .id();
    let nnarr = b
        .dept_kpi(sales, cro, "Net new ARR", Currency)
        .term(arr_term)
        .desc("ARR added by contracts that started in the last 13 weeks, minus ARR lost (see the ARR term).")
        .source("Salesforce + NetSuite")
        .target(1_800_000.0, fy)
        .th(1_800_000.0, 1_500_000.0)
        .trend(&[(13.0, 1_200_000.0), (6.0, 1_550_000.0), (0.0, 1_840_000.0)], 25_000.0)
        .id();

    // ---- Marketing -------------------------------------------------------------------
    let sqp = b
        .dept_kpi(marketing, vp_mkt, "Sales-qualified pipeline created", Currency)
        .define(
            "First-year value of opportunities created from marketing sources and accepted by sales at stage 2 in the week.",
            "Sum of first-year amount of marketing-sourced opportunities reaching stage 2 in the week",
            "23 opportunities, 690,000 first-year value",
        )
        .source("Salesforce + HubSpot")
        .leading()
        .tags(&[tags::LEAD_VOLUME])
        .target(650_000.0, fy)
        .th(650_000.0, 540_000.0)
        .trend(&[(13.0, 420_000.0), (6.0, 560_000.0), (0.0, 680_000.0)], 20_000.0)
        .id();
    let cac = b
        .dept_kpi(marketing, vp_mkt, "Blended CAC", Currency)
        .define(
            "Sales and marketing cost to acquire one new customer, rolling 13 weeks.",
            "Sales and marketing expense, 13 weeks / new customers, 13 weeks",
            "3.1M / 104 new customers = 29,800",
        )
        .source("NetSuite + Salesforce")
        .lower()
        .target(30_000.0, fy)
        .th(30_000.0, 34_000.0)
        .trend(&[(13.0, 36_500.0), (6.0, 32_400.0), (0.0, 29_600.0)], 400.0)
        .id();
    let mqls = b
        .dept_kpi(marketing, vp_mkt, "Marketing qualified leads", Count)
        .define(
            "Leads reaching the MQL score in HubSpot in the week.",
            "Count of contacts whose score first crossed 70 in the week",
            "410 MQLs in the week",
        )
        .source("HubSpot")
        .leading()
        .target(400.0, last_qr)
        .th(400.0, 340.0)
        .trend(&[(13.0, 300.0), (6.0, 380.0), (0.0, 420.0)], 12.0)
        .retired(
            last_qr,
            "Replaced by sales-qualified pipeline created: MQL counts rewarded volume that sales did not accept.",
        )
        .id();

    // ---- Customer Success ------------------------------------------------------------
    let nrr = b
        .dept_kpi(cs, cco, "Net revenue retention", Percent)
        .contributors(&[Contributor::Person(tomas), Contributor::Department(pe)])
        .define(
            "ARR today from customers who were customers a year ago, as a share of their ARR a year ago.",
            "(ARR of the year-ago cohort today, incl. expansion, contraction and churn) / their ARR a year ago x 100",
            "Cohort ARR 20.0M a year ago, 22.6M today = 113.0%",
        )
        .recognition("ARR: from contracted subscription start dates; excludes services.")
        .source("ChartMogul")
        .leading()
        .tags(&[tags::RETENTION])
        .target(112.0, fy)
        .th(112.0, 106.0)
        .trend(&[(13.0, 104.0), (6.0, 109.0), (0.0, 112.8)], 0.4)
        .id();
    let health = b
        .dept_kpi(cs, cco, "Customer health green share", Percent)
        .define(
            "Share of customers whose health score (usage, support, sentiment, payment) is green.",
            "Customers with a health score of 70 or more / customers x 100",
            "880 of 1,120 customers = 78.6%",
        )
        .source("Gainsight")
        .leading()
        .target(78.0, fy)
        .th(78.0, 70.0)
        .trend(&[(13.0, 66.0), (6.0, 73.0), (0.0, 78.8)], 0.6)
        .id();
    let churn = b
        .dept_kpi(cs, cco, "Logo churn rate", Percent)
        .define(
            "Share of customers at the start of the trailing twelve months who cancelled within them.",
            "Customers lost in 12 months / customers 12 months ago x 100",
            "110 of 1,050 customers = 10.5%",
        )
        .source("ChartMogul")
        .lower()
        .target(10.0, fy)
        .th(10.0, 12.0)
        .trend(&[(13.0, 13.5), (6.0, 11.8), (0.0, 10.4)], 0.1)
        .id();
    let tickets = b
        .dept_kpi(cs, support, "Support tickets per 100 accounts", Count)
        .define(
            "Support tickets opened in the week per 100 active customer accounts.",
            "Tickets opened in the week / active accounts x 100",
            "380 tickets / 1,120 accounts x 100 = 34",
        )
        .source("Zendesk")
        .leading()
        .lower()
        .target(35.0, fy)
        .th(35.0, 42.0)
        .trend(&[(13.0, 48.0), (6.0, 40.0), (0.0, 33.5)], 1.0)
        .id();
    let util = b
        .dept_kpi(cs, support, "Implementation team utilisation", Percent)
        .define(
            "Share of implementation consultants' available hours billed to customer projects.",
            "Billable hours logged / available hours x 100",
            "2,860 of 4,000 hours = 71.5%",
        )
        .source("Kantata (Mavenlink)")
        .leading()
        .target(75.0, fy)
        .th(75.0, 68.0)
        .trend(&[(13.0, 70.0), (6.0, 74.5), (2.5, 75.5), (1.5, 69.0), (0.0, 64.5)], 0.5)
        .id();

    // ---- Product & Engineering -----------------------------------------------------------
    let hosting = b
        .dept_kpi(pe, cto, "Hosting cost per customer", Currency)
        .define(
            "Cloud infrastructure cost per active customer account, rolling four weeks annualised to a month.",
            "AWS and data-platform cost, 4 weeks x 13 / 12 / active accounts",
            "212,000 / 1,120 accounts = 189",
        )
        .source("AWS Cost Explorer + CloudZero")
        .leading()
        .lower()
        .tags(&[tags::COST_REDUCTION])
        .target(190.0, fy)
        .th(190.0, 215.0)
        .trend(&[(13.0, 245.0), (6.0, 214.0), (0.0, 188.0)], 2.0)
        .id();
    let lead_time = b
        .dept_kpi(pe, cto, "Lead time for changes", Days)
        .define(
            "Median days from first commit to production release for changes shipped in the week.",
            "Median over deployed changes of (release date - first commit date)",
            "Median of 140 changes = 3.5 days",
        )
        .source("GitHub + LinearB")
        .leading()
        .lower()
        .tags(&[tags::RELEASE_VELOCITY])
        .target(4.0, fy)
        .th(4.0, 6.0)
        .trend(&[(13.0, 7.5), (6.0, 5.2), (0.0, 3.6)], 0.15)
        .id();
    let adoption = b
        .dept_kpi(pe, vp_prod, "Core workflow adoption", Percent)
        .define(
            "Share of customer accounts that ran all three core workflows (capture, approve, reconcile) in the last 28 days.",
            "Accounts running all three core workflows in 28 days / active accounts x 100",
            "694 of 1,120 accounts = 62.0%",
        )
        .source("Amplitude")
        .leading()
        .target(62.0, fy)
        .th(62.0, 55.0)
        .trend(&[(13.0, 48.0), (6.0, 56.0), (0.0, 62.6)], 0.5)
        .id();

    // ---- Finance -----------------------------------------------------------------------
    let payback = b
        .dept_kpi(finance, cfo, "CAC payback period", Ratio)
        .define(
            "Months of gross profit from a new customer needed to recover the cost of acquiring it.",
            "Blended CAC / (average new-customer monthly recurring revenue x gross margin %)",
            "29,800 / (2,400 x 77%) = 16.1 months",
        )
        .source("NetSuite + ChartMogul")
        .leading()
        .lower()
        .target(16.0, fy)
        .th(16.0, 19.0)
        .trend(&[(13.0, 21.0), (6.0, 18.2), (0.0, 15.9)], 0.2)
        .id();
    let dso = b
        .dept_kpi(finance, cfo, "Days sales outstanding", Days)
        .define(
            "Average days it takes to collect invoiced amounts, from the last 13 weeks of billing.",
            "Accounts receivable at week end / billings, 13 weeks x 91",
            "AR 4.1M / billings 8.3M x 91 = 45 days",
        )
        .source("NetSuite")
        .leading()
        .lower()
        .target(45.0, fy)
        .th(45.0, 52.0)
        .trend(&[(13.0, 58.0), (6.0, 50.0), (0.0, 44.5)], 0.6)
        .id();
    let opex = b
        .dept_kpi(finance, fpa, "Operating expense vs budget", Percent)
        .define(
            "Operating expenses of the quarter to date as a share of the budget for the same period.",
            "Opex quarter to date / budgeted opex quarter to date x 100",
            "7.84M / 8.0M = 98.0%",
        )
        .source("NetSuite + Pigment")
        .leading()
        .band(96.0, 101.0, fy)
        .th(96.0, 2.0)
        .trend(&[(13.0, 104.0), (6.0, 100.5), (0.0, 98.6)], 0.4)
        .id();

    // ---- level 3 -------------------------------------------------------------------------
    let disco = b
        .team_kpi(sales, rahul, "Discovery meetings held", Count)
        .define(
            "First discovery meetings held with qualified prospects in the week.",
            "Count of meetings logged as 'Discovery - held' in Salesforce",
            "46 discovery meetings in the week",
        )
        .source("Salesforce + Gong")
        .leading()
        .activity()
        .target(45.0, qe)
        .th(45.0, 36.0)
        .trend(&[(13.0, 30.0), (6.0, 38.0), (0.0, 46.0)], 2.0)
        .id();
    let map = b
        .team_kpi(sales, rahul, "Stage-2 deals with a mutual action plan", Percent)
        .define(
            "Share of open stage-2+ opportunities with a mutual action plan agreed with the buyer.",
            "Open stage-2+ opportunities with a shared plan / open stage-2+ opportunities x 100",
            "132 of 160 opportunities = 82.5%",
        )
        .source("Salesforce")
        .leading()
        .activity()
        .target(80.0, qe)
        .th(80.0, 70.0)
        .trend(&[(13.0, 45.0), (6.0, 66.0), (0.0, 82.0)], 1.0)
        .id();
    let multi = b
        .team_kpi(sales, rahul, "Multi-threaded opportunities", Percent)
        .define(
            "Share of open stage-2+ opportunities with three or more buyer contacts engaged in the last 30 days.",
            "Opportunities with 3+ engaged contacts / open stage-2+ opportunities x 100",
            "104 of 160 = 65.0%",
        )
        .source("Salesforce + Gong")
        .leading()
        .target(65.0, qe)
        .th(65.0, 55.0)
        .trend(&[(13.0, 48.0), (6.0, 57.0), (0.0, 65.5)], 0.8)
        .id();
    let demos = b
        .team_kpi(marketing, chloe, "Website demo requests", Count)
        .define(
            "Demo requests from the website by companies in the ideal customer profile, in the week.",
            "Count of demo forms submitted by ICP-matched companies",
            "96 ICP demo requests in the week",
        )
        .source("HubSpot + Clearbit")
        .leading()
        .target(90.0, qe)
        .th(90.0, 75.0)
        .trend(&[(13.0, 60.0), (6.0, 78.0), (0.0, 95.0)], 3.0)
        .id();
    let demo_sql = b
        .team_kpi(marketing, chloe, "Demo-to-SQL rate", Percent)
        .define(
            "Share of demo requests that sales accepts as a stage-2 opportunity within 21 days.",
            "Demo requests becoming stage-2 opportunities within 21 days / demo requests x 100",
            "24 of 96 requests = 25.0%",
        )
        .source("HubSpot + Salesforce")
        .leading()
        .target(25.0, qe)
        .th(25.0, 20.0)
        .trend(&[(13.0, 18.0), (6.0, 22.0), (0.0, 25.4)], 0.4)
        .id();
    let cpd = b
        .team_kpi(marketing, chloe, "Cost per demo request", Currency)
        .define(
            "Paid media spend per ICP demo request, rolling four weeks.",
            "Paid media spend, 4 weeks / ICP demo requests, 4 weeks",
            "96,000 / 370 requests = 259",
        )
        .source("Google Ads + LinkedIn Campaign Manager + HubSpot")
        .lower()
        .target(260.0, qe)
        .th(260.0, 300.0)
        .trend(&[(13.0, 340.0), (6.0, 290.0), (0.0, 256.0)], 4.0)
        .id();
    let qbr = b
        .team_kpi(cs, tomas, "QBRs held with top-100 accounts", Percent)
        .define(
            "Share of the top 100 accounts by ARR that had a quarterly business review in the last 90 days.",
            "Top-100 accounts with a QBR in 90 days / 100 x 100",
            "88 of 100 accounts = 88.0%",
        )
        .source("Gainsight")
        .leading()
        .activity()
        .target(90.0, qe)
        .th(90.0, 80.0)
        .trend(&[(13.0, 60.0), (6.0, 78.0), (0.0, 90.5)], 1.0)
        .id();
    let expansion = b
        .team_kpi(cs, tomas, "Expansion opportunities opened", Count)
        .define(
            "Expansion opportunities (upsell or cross-sell) opened by CSMs in the week.",
            "Count of opportunities of type Expansion created by CSMs",
            "14 expansion opportunities in the week",
        )
        .source("Salesforce")
        .leading()
        .target(12.0, qe)
        .th(12.0, 9.0)
        .trend(&[(13.0, 7.0), (6.0, 10.0), (0.0, 13.0)], 1.0)
        .id();
    let saves = b
        .team_kpi(cs, tomas, "At-risk accounts with a save plan", Percent)
        .define(
            "Share of red-health accounts with a documented save plan agreed with the customer.",
            "Red accounts with an active save plan / red accounts x 100",
            "41 of 45 red accounts = 91.1%",
        )
        .source("Gainsight")
        .leading()
        .activity()
        .target(90.0, qe)
        .th(90.0, 80.0)
        .trend(&[(13.0, 55.0), (6.0, 76.0), (0.0, 91.0)], 1.0)
        .id();
    let compute = b
        .team_kpi(pe, aisha, "Compute cost per 1,000 transactions", Currency)
        .define(
            "Compute and database cost per thousand processed invoice transactions.",
            "Compute and database cost / transactions processed x 1,000",
            "58,000 / 152M transactions x 1,000 = 0.38",
        )
        .source("AWS Cost Explorer + CloudZero")
        .leading()
        .lower()
        .target(0.38, qe)
        .th(0.38, 0.45)
        .trend(&[(13.0, 0.52), (6.0, 0.44), (0.0, 0.375)], 0.005)
        .id();
    let reserved = b
        .team_kpi(pe, aisha, "Reserved-capacity coverage", Percent)
        .define(
            "Share of steady-state compute covered by savings plans or reserved instances.",
            "Compute hours under savings plans or reservations / steady-state compute hours x 100",
            "7,650 of 9,000 hours = 85.0%",
        )
        .source("AWS Cost Explorer")
        .leading()
        .activity()
        .target(85.0, qe)
        .th(85.0, 75.0)
        .trend(&[(13.0, 52.0), (6.0, 74.0), (0.0, 86.0)], 1.0)
        .id();
    let cfr = b
        .team_kpi(pe, aisha, "Change failure rate", Percent)
        .define(
            "Share of production deployments that cause an incident or need a rollback or hotfix.",
            "Deployments followed by an incident, rollback or hotfix within 7 days / deployments x 100",
            "9 of 140 deployments = 6.4%",
        )
        .source("GitHub + PagerDuty")
        .leading()
        .lower()
        .target(8.0, qe)
        .th(8.0, 12.0)
        .trend(&[(13.0, 14.0), (6.0, 10.0), (0.0, 6.8)], 0.3)
        .id();
    let invoice = b
        .team_kpi(finance, ben, "Invoices sent on day one", Percent)
        .define(
            "Share of recurring invoices sent within one working day of the billing period start.",
            "Invoices sent within 1 working day / invoices due in the week x 100",
            "590 of 600 invoices = 98.3%",
        )
        .source("NetSuite")
        .leading()
        .activity()
        .target(98.0, qe)
        .th(98.0, 94.0)
        .trend(&[(13.0, 88.0), (6.0, 95.0), (0.0, 98.4)], 0.3)
        .id();
    let overdue = b
        .team_kpi(finance, ben, "Receivables overdue more than 60 days", Percent)
        .define(
            "Share of accounts receivable more than 60 days past due.",
            "AR more than 60 days past due / total AR x 100",
            "0.29M of 4.1M = 7.1%",
        )
        .source("NetSuite")
        .leading()
        .lower()
        .target(6.0, qe)
        .th(6.0, 8.0)
        .trend(&[(13.0, 11.0), (6.0, 7.4), (1.0, 6.2), (0.0, 8.6)], 0.1)
        .id();
    let autopay = b
        .team_kpi(finance, ben, "Automated payment share", Percent)
        .define(
            "Share of invoice value collected by direct debit or card on file.",
            "Invoice value paid by automated methods / invoice value paid x 100",
            "2.9M of 4.4M = 65.9%",
        )
        .source("NetSuite + Stripe")
        .leading()
        .target(65.0, qe)
        .th(65.0, 55.0)
        .trend(&[(13.0, 41.0), (6.0, 55.0), (0.0, 66.0)], 0.6)
        .id();

    // ---- the cascade -----------------------------------------------------------------------
    b.link(
        stage2,
        arr,
        "Better-qualified pipeline converts to more signed contracts, which start and add ARR.",
    );
    b.link(bookings, arr, "Contracts booked this quarter start within 30-60 days and then count as new ARR.");
    b.link(
        sqp,
        arr,
        "Marketing-sourced stage-2 pipeline closes within one or two quarters and becomes new ARR.",
    );
    b.link(
        nrr,
        arr,
        "Expansion from existing customers above 100% retention is the cheapest source of ARR growth.",
    );
    b.link(nnarr, arr, "ARR growth over the year is the sum of the net new ARR added in each quarter.");
    b.link(
        payback,
        burn,
        "A shorter payback recovers acquisition cash sooner, so growth consumes less of it.",
    );
    b.link(
        dso,
        burn,
        "Collecting invoices faster turns billed revenue into cash earlier and lowers the month's burn.",
    );
    b.link(opex, burn, "Spending inside the budget band keeps operating cash outflow at the planned burn.");
    b.link(cac, burn, "Lower acquisition cost per customer means less cash spent for the same new ARR.");
    b.link(
        hosting,
        gm,
        "Hosting is the largest cost of revenue, so a lower cost per customer widens gross margin.",
    );
    b.link(tickets, gm, "Fewer tickets per account means less support staff cost booked in cost of revenue.");
    b.link(
        util,
        gm,
        "Billable consultants recover their cost in services revenue; idle hours are pure cost of revenue.",
    );
    b.link(
        nrr,
        clv,
        "Customers who expand and stay grow their ARR each year, which raises their lifetime value.",
    );
    b.link(
        health,
        clv,
        "Green-health customers churn far less often, which extends lifetime and raises its value.",
    );
    b.link(adoption, clv, "Accounts that run all core workflows depend on the product and renew for longer.");
    b.link(
        lead_time,
        clv,
        "Shipping customer-requested changes within days keeps accounts engaged and expanding.",
    );
    b.link(
        churn,
        clv,
        "Lifetime is the inverse of churn, so every point of logo churn removed lengthens it.",
    );
    b.link(
        disco,
        bookings,
        "Discovery meetings are the first step of every new contract, so they lead bookings.",
    );
    b.link(
        map,
        stage2,
        "Deals with an agreed mutual action plan have dates the buyer owns and close far more often.",
    );
    b.link(
        multi,
        stage2,
        "Deals with several engaged buyer contacts survive a champion leaving and close more often.",
    );
    b.link(
        demos,
        sqp,
        "Demo requests from ideal-profile companies are the main source of marketing-sourced pipeline.",
    );
    b.link(
        demo_sql,
        sqp,
        "A higher share of demos accepted at stage 2 turns the same traffic into more qualified pipeline.",
    );
    b.link(
        cpd,
        payback,
        "Cheaper demo requests lower acquisition cost per customer and shorten the payback period.",
    );
    b.link(
        qbr,
        nrr,
        "Business reviews with the top accounts are where expansion is agreed and churn risk surfaces.",
    );
    b.link(
        expansion,
        nrr,
        "Expansion opportunities opened by CSMs are the pipeline of next quarter's net retention.",
    );
    b.link(
        saves,
        health,
        "A save plan agreed with a red account is what turns its health score back to green.",
    );
    b.link(
        compute,
        hosting,
        "Compute cost per transaction is the largest part of the hosting cost of each customer.",
    );
    b.link(
        reserved,
        hosting,
        "Reserved capacity costs up to 40% less than on-demand for the same steady workload.",
    );
    b.link(
        cfr,
        lead_time,
        "Failed changes need rework and hotfixes that hold up the next release in the queue.",
    );
    b.link(
        invoice,
        dso,
        "An invoice sent on day one starts the payment clock on day one, shortening collection.",
    );
    b.link(
        overdue,
        dso,
        "Receivables more than 60 days overdue are the tail that keeps average collection days high.",
    );
    b.link(autopay, dso, "Direct debit and card on file collect on the due date without any chasing at all.");

    // ---- side effects and their resolutions -------------------------------------------------
    b.hurts(
        payback,
        sqp,
        "Cutting paid media to shorten payback removes the campaigns that create marketing pipeline.",
    );
    b.hurts(
        lead_time,
        tickets,
        "Faster releases without customer notice bring a spike of how-to tickets after each release.",
    );
    b.helps(adoption, health, "Usage of the core workflows is one of the four inputs of the health score.");

    let review = b.months_ago(11).add_days(-10);
    b.resolve(
        sqp,
        stage2,
        "Yuki Tanaka",
        review,
        "Marketing is paid on stage-2 pipeline accepted by sales, not on leads; sales accepts or rejects within five days with a reason.",
    );
    b.resolve(
        nrr,
        lead_time,
        "Yuki Tanaka",
        review,
        "Changes to customer-facing workflows ship behind feature flags with two weeks' notice to CSMs; release speed is kept.",
    );
    b.resolve(
        payback,
        sqp,
        "Yuki Tanaka",
        review.add_days(30),
        "Payback is managed through pricing and onboarding time; paid media below the agreed floor needs COO approval.",
    );
    b.resolve(
        lead_time,
        tickets,
        "Yuki Tanaka",
        review.add_days(30),
        "Every release with a visible change ships in-app release notes and help articles the same day.",
    );

    // ---- governance ----------------------------------------------------------------------------
    b.log(
        lock,
        "Sarah Okonkwo",
        "Locked FY company KPIs: ARR growth, net cash burn, gross margin, customer lifetime value",
        "Board-approved plan for the funding runway; company KPIs are fixed for at least twelve months.",
        &[arr, burn, gm, clv],
    );
    b.log(
        lock.add_days(14),
        "Olivia Brandt",
        "Documented every department KPI's link to a company KPI, with rationale and expected lag",
        "Finance-led alignment: each leading indicator must name the company KPI it predicts.",
        &[stage2, bookings, mqls, nrr, hosting, payback, dso],
    );
    b.log(
        lock.add_days(14),
        "Olivia Brandt",
        "Glossary: separated Bookings from Recognised revenue and defined ARR",
        "Sales reported bookings as revenue; the board pack now uses recognised revenue and ARR only.",
        &[bookings, nnarr],
    );
    b.log(
        last_qr.add_months(-6),
        "Olivia Brandt",
        "Quarterly review: tightened the CAC payback target from 18 to 16 months",
        "Two quarters below 18 months; the target moves with the plan's cash runway.",
        &[payback],
    );
    b.log(
        last_qr.add_months(-3),
        "Olivia Brandt",
        "Quarterly review: no KPI retired or added",
        "All department KPIs still predicted their company KPI within the expected lag.",
        &[],
    );
    b.log(
        last_qr,
        "Olivia Brandt",
        "Quarterly review: retired \u{201c}Marketing qualified leads\u{201d}; added \u{201c}Sales-qualified pipeline created\u{201d} as marketing's leading indicator",
        "MQL volume rose while stage-2 conversion fell; pipeline accepted by sales predicts ARR, MQLs did not.",
        &[mqls, sqp],
    );
    b.escalate_overdue();
    rhythm(&mut b, Rhythm { arr, burn, gm, util, overdue, multi, cfr, coo, cto, support, rahul, ben });
    b.finish()
}

/// The KPIs and people the rhythm's meetings talk about.
struct Rhythm {
    arr: KpiId,
    burn: KpiId,
    gm: KpiId,
    util: KpiId,
    overdue: KpiId,
    multi: KpiId,
    cfr: KpiId,
    coo: PersonId,
    cto: PersonId,
    support: PersonId,
    rahul: PersonId,
    ben: PersonId,
}

/// Two quarters of the operating rhythm: every owner's check-ins, the weekly operating
/// review every Monday (one missed five months ago), the monthly executive review in the
/// first days of each month, and the finance-led pilot started about 60 days ago on ARR
/// growth and net cash burn, under which forecast variance fell.
fn rhythm(b: &mut Builder, r: Rhythm) {
    let today = b.today;
    b.check_ins(recovery);
    let action = |what: &str, kpi: KpiId, who: PersonId, due: Date, state: ActionState| Action {
        what: what.into(),
        kpi: Some(kpi),
        who: Some(who),
        due: Some(due),
        state,
    };
    // The weekly operating review, Mondays: it goes through the weekly KPIs whose owners
    // checked in behind plan for the week that just ended.
    let monday = last_review(today, Cadence::Weekly);
    for back in (0..26).rev().filter(|&w| w != 20) {
        let on = monday.add_days(-7 * back);
        let behind: Vec<KpiId> =
            b.m.check_ins
                .iter()
                .filter(|c| c.period == on.add_days(-1) && c.confidence != Confidence::OnTrack)
                .map(|c| c.kpi)
                .collect();
        let (decisions, actions): (&[&str], Vec<Action>) = match back {
            1 => (
                &["Receivables over 60 days are climbing towards 8%: collections works the 20 largest overdue accounts first."],
                vec![action(
                    "Call the 20 largest accounts more than 60 days overdue and agree payment dates",
                    r.overdue,
                    r.ben,
                    on.add_days(21),
                    ActionState::Open,
                )],
            ),
            2 => (
                &["Implementation utilisation is off track for a third week and escalated: two consultants move to pre-sales scoping until the start queue refills."],
                vec![action(
                    "Pull three signed implementations forward from next month's start queue",
                    r.util,
                    r.support,
                    on.add_days(28),
                    ActionState::Open,
                )],
            ),
            6 => (
                &["Every stage-2 deal above 50,000 names an executive sponsor on the buyer's side."],
                vec![action(
                    "Add the executive sponsor field to the stage-2 exit criteria in Salesforce",
                    r.multi,
                    r.rahul,
                    on.add_days(14),
                    ActionState::Done,
                )],
            ),
            10 => (&["Change failure rate is back under 8%: the release checklist stays, the extra sign-off goes."], Vec::new()),
            17 => (
                &["Failed releases hold up the queue: every change touching billing gets a second reviewer."],
                vec![action(
                    "Require a second reviewer on changes to the billing services",
                    r.cfr,
                    r.cto,
                    on.add_days(14),
                    ActionState::Done,
                )],
            ),
            _ => (&[], Vec::new()),
        };
        b.meeting(Cadence::Weekly, on, behind, decisions, actions);
    }
    // The pilot starts on the Monday 60-66 days ago; the monthly executive review before
    // it decided it.
    let start = last_review(today.add_days(-60), Cadence::Weekly);
    let company = [r.arr, r.burn, r.gm];
    let fy = b.m.organisation.fiscal_year_start;
    let mut month = crate::rhythm::period::last_ended(Cadence::Monthly, fy, today);
    let mut months = Vec::new();
    for _ in 0..6 {
        months.push(month);
        month = month.previous(fy);
    }
    // The first working day from the 3rd of the next month, once the books have closed.
    let held = |p: &crate::rhythm::period::Period| {
        let mut on = p.end.add_days(3);
        while on.weekday() >= 5 {
            on = on.add_days(1);
        }
        on
    };
    let decided = months.iter().map(held).filter(|on| *on <= start).max();
    let mut kpis = company.to_vec();
    kpis.extend(
        b.m.kpis.iter().filter(|k| k.level == Level::Company && !company.contains(&k.id)).map(|k| k.id),
    );
    for (back, p) in months.iter().enumerate().rev() {
        let on = held(p);
        if on > today {
            continue;
        }
        let (mut decisions, actions): (Vec<&str>, Vec<Action>) = match back {
            1 => (
                vec![
                    "Gross margin stays at risk: the three-year savings plan for steady compute is approved.",
                ],
                vec![action(
                    "Sign the three-year compute savings plan and move the steady workloads onto it",
                    r.gm,
                    r.cto,
                    on.add_days(30),
                    ActionState::Done,
                )],
            ),
            4 => (
                vec![
                    "Net cash burn is still above 400,000: new hires are phased over the next two quarters.",
                ],
                vec![action(
                    "Re-forecast the runway with the phased hiring plan for the board pack",
                    r.burn,
                    r.coo,
                    on.add_days(10),
                    ActionState::Done,
                )],
            ),
            _ => (Vec::new(), Vec::new()),
        };
        if Some(on) == decided {
            decisions.push(
                "Finance runs a 90-day rhythm pilot on ARR growth, net cash burn and gross margin: \
                 check-ins with a forecast every period, aiming to cut forecast variance by 15%.",
            );
        }
        b.meeting(Cadence::Monthly, on, kpis.clone(), &decisions, actions);
    }
    b.pilot(
        "Finance-led rhythm pilot",
        start,
        &company,
        &[Cadence::Weekly, Cadence::Monthly],
        Criteria { variance_cut: Some(15.0), cycle_days: Some(3.0), adoption: Some(85.0) },
    );
}

/// Why a KPI falls behind and what its owner does about it, as they write it in a
/// check-in.
fn recovery(k: &Kpi) -> Recovery {
    let (cause, action) = match k.name.as_str() {
        "ARR growth" => (
            "Starts of contracts booked last quarter slipped into this one.",
            "Agree start dates with every customer booked and not yet live",
        ),
        "Net cash burn" => (
            "Annual prepayments came in later than planned.",
            "Invoice annual renewals 45 days ahead of their start",
        ),
        "Gross margin" => (
            "Hosting and implementation cost grew faster than recognised revenue.",
            "Move steady compute onto savings plans and cut idle implementation hours",
        ),
        "Customer lifetime value" => (
            "Logo churn is still above plan in the smallest accounts.",
            "Run save plans on every red account under 10,000 ARR",
        ),
        "Stage-2 to close conversion" => (
            "Too many single-threaded deals reach stage 2.",
            "Review every stage-2 deal without a mutual action plan in the pipeline call",
        ),
        "New bookings" => (
            "Two large deals moved to next month.",
            "Executive sponsor calls on the five largest deals in commit",
        ),
        "Net new ARR" => (
            "Contraction in renewals offsets new starts.",
            "Renewal review 90 days ahead for every account over 50,000 ARR",
        ),
        "Sales-qualified pipeline created" => (
            "Paid search volume dropped after the bid cut.",
            "Shift budget from display to the two best-converting search campaigns",
        ),
        "Blended CAC" => (
            "Events spend landed before the pipeline it creates.",
            "Cap event spend until the quarter's pipeline is in",
        ),
        "Net revenue retention" => (
            "Expansion is concentrated in too few accounts.",
            "Expansion plan for each of the top 100 accounts",
        ),
        "Customer health green share" => (
            "Usage dropped in accounts onboarded last quarter.",
            "Adoption workshops for every account onboarded in the last 90 days",
        ),
        "Logo churn rate" => (
            "Small accounts onboarded without a CSM churn at twice the rate.",
            "Pooled CSM coverage for accounts under 10,000 ARR",
        ),
        "Support tickets per 100 accounts" => (
            "How-to tickets after the reconciliation release.",
            "Publish help articles with every customer-visible release",
        ),
        "Implementation team utilisation" => (
            "The start queue emptied: signed customers delayed their kick-offs.",
            "Fill the start queue: confirm kick-off dates with every signed customer",
        ),
        "Hosting cost per customer" => (
            "On-demand compute for the reporting workloads.",
            "Move the reporting workloads to reserved capacity",
        ),
        "Lead time for changes" => {
            ("Reviews wait for two senior engineers.", "Rotate code review across the whole platform team")
        }
        "Core workflow adoption" => {
            ("Few accounts use the reconcile workflow yet.", "In-app guide for the reconcile workflow")
        }
        "CAC payback period" => (
            "New customers start on smaller plans than planned.",
            "Floor price for the starter plan in new deals",
        ),
        "Days sales outstanding" => (
            "Invoices disputed for missing purchase order numbers.",
            "Collect purchase order numbers before the first invoice",
        ),
        "Operating expense vs budget" => {
            ("Contractor costs ran ahead of budget.", "Approve every new contractor through FP&A")
        }
        "Discovery meetings held" => (
            "Two SDR seats were open for part of the period.",
            "Cover the open SDR territories from the team's pooled list",
        ),
        "Stage-2 deals with a mutual action plan" => (
            "New reps skip the plan on smaller deals.",
            "Mutual action plan template in the stage-2 exit criteria",
        ),
        "Multi-threaded opportunities" => {
            ("Deals rely on one champion.", "Name a second buyer contact on every stage-2 deal")
        }
        "Website demo requests" => {
            ("Organic traffic fell after the site migration.", "Fix the redirects and resubmit the sitemap")
        }
        "Demo-to-SQL rate" => {
            ("Demo requests from outside the ideal profile.", "Tighten the demo form's company-size filter")
        }
        "Cost per demo request" => {
            ("LinkedIn costs per click rose.", "Move spend to the search terms with the lowest cost per demo")
        }
        "QBRs held with top-100 accounts" => (
            "CSM vacancies left top accounts without a review.",
            "Book the missing reviews for the top 100 accounts",
        ),
        "Expansion opportunities opened" => {
            ("CSMs spent the month on renewals.", "Expansion review in every quarterly business review")
        }
        "At-risk accounts with a save plan" => {
            ("New red accounts have no plan yet.", "Save plan within five days of an account turning red")
        }
        "Compute cost per 1,000 transactions" => {
            ("The batch jobs run on oversized instances.", "Right-size the batch instances")
        }
        "Reserved-capacity coverage" => {
            ("New workloads started on demand.", "Extend the savings plan to the new workloads")
        }
        "Change failure rate" => (
            "Failed releases in the billing services.",
            "Second reviewer for changes to the billing services",
        ),
        "Invoices sent on day one" => {
            ("Usage-based invoices wait for the metering export.", "Automate the metering export to NetSuite")
        }
        "Receivables overdue more than 60 days" => (
            "Three large customers are late paying.",
            "Escalate the three large overdue accounts to their executive sponsors",
        ),
        "Automated payment share" => {
            ("New customers choose bank transfer.", "Offer direct debit at contract signature")
        }
        _ => ("Behind the plan's ramp for the period.", "Recovery plan agreed in the weekly review"),
    };
    Recovery { cause, action, who: None }
}
