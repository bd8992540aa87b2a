//! Product launch interlock: a robotics maker whose new product's launch slipped.
//!
//! "Product X launched" was committed for the end of the quarter containing today + 60
//! days (Q). A failed certification test moved it to the end of the quarter nine months
//! later (S). Three commitments were made against the original date and still need it:
//! Sales hires a specialised team by Q, Marketing delivers launch events booked between Q
//! and the end of the following quarter, and new-product revenue is due by then. The
//! hiring and the events depend only on the launch, so the timing check lists both as
//! the ripple of the slip. Around it sits an ordinary, decent cascade.

use super::builder::*;
use crate::model::Unit::{Count, Currency, Percent};
use crate::model::*;

/// The launch's original due date: the last day of the quarter containing today + 60 days.
pub fn original_launch(today: Date) -> Date {
    quarter_end(today.add_days(60))
}

/// The launch's slipped due date: the last day of the quarter nine months after the original.
pub fn slipped_launch(today: Date) -> Date {
    quarter_end(original_launch(today).add_months(9))
}

pub fn build(today: Date) -> Model {
    let mut b = Builder::new(
        today,
        "Helix Robotics",
        "Industrial automation equipment (collaborative robots)",
        Velocity::Standard,
        1,
        "EUR",
    );
    let fy = b.fy_end();
    let lock = b.lock_date();
    let q = original_launch(today);
    let s = slipped_launch(today);
    let q_next = quarter_end(q.add_months(3));
    // The slip was decided five weeks ago, after the certification test failed.
    let slip_day = today.add_days(-35);
    let cert_off = last_review(today.add_days(-49), Cadence::Biweekly);
    let launch_off = last_review(slip_day, Cadence::Biweekly);

    // ---- organisation --------------------------------------------------------------
    let product = b.dept("Product");
    let sales = b.dept("Sales");
    let marketing = b.dept("Marketing");
    let ops = b.dept("Operations");
    let finance = b.dept("Finance");

    let ceo = b.person("Katrin Vogel", "Chief Executive Officer", None, None);
    let strategy = b.person("Felix Braun", "Head of Strategy", None, Some(ceo));
    b.alignment_owner(strategy);
    let vp_prod = b.head(product, "Samir Haddad", "VP Product", ceo);
    let cro = b.head(sales, "Olivier Martin", "Chief Revenue Officer", ceo);
    let cmo = b.head(marketing, "Laura Fontaine", "Chief Marketing Officer", ceo);
    let vp_ops = b.head(ops, "Marek Dvořák", "VP Operations", ceo);
    let cfo = b.head(finance, "Ingrid Sørensen", "Chief Financial Officer", ceo);
    let julia = b.member(product, "Julia Meyer", "Product Manager, Product X", vp_prod);
    let sara = b.member(sales, "Sara Lindholm", "Sales Operations Manager", cro);
    let tim = b.member(marketing, "Tim Hoffmann", "Field Marketing Manager", cmo);
    b.member(ops, "Ana Ruiz", "Production Manager", vp_ops);
    b.governance(3, ceo);

    // ---- company KPIs ----------------------------------------------------------------
    let rg = b
        .company(ceo, "Revenue growth", Percent)
        .define(
            "Year-over-year growth of recognised revenue, trailing twelve months.",
            "(TTM recognised revenue - prior-year TTM recognised revenue) / prior-year TTM recognised revenue x 100",
            "TTM revenue 138M vs 120M = 15.0%",
        )
        .recognition("Recognised revenue (IFRS 15): robots on delivery and acceptance; service contracts ratably.")
        .source("SAP S/4HANA")
        .target(15.0, fy)
        .th(15.0, 11.0)
        .trend(&[(13.0, 10.0), (6.0, 12.8), (0.0, 14.2)], 0.25)
        .locked(lock)
        .id();
    let gm = b
        .company(cfo, "Gross margin", Percent)
        .define(
            "Recognised revenue minus cost of goods sold and warranty provisions, as a share of revenue, trailing twelve months.",
            "(TTM revenue - TTM COGS incl. warranty provisions) / TTM revenue x 100",
            "(138M - 84.2M) / 138M = 39.0%",
        )
        .source("SAP S/4HANA")
        .target(39.0, fy)
        .th(39.0, 36.0)
        .trend(&[(13.0, 36.5), (6.0, 38.0), (0.0, 39.2)], 0.15)
        .locked(lock)
        .id();
    let share = b
        .company(ceo, "Market share in collaborative robots", Percent)
        .define(
            "Our share of collaborative-robot units sold in Europe and North America, trailing twelve months.",
            "Our cobot units shipped, TTM / market cobot units, TTM (Interact Analysis) x 100",
            "4,300 of 36,000 units = 11.9%",
        )
        .source("Interact Analysis market tracker")
        .manual()
        .target(13.0, fy)
        .th(13.0, 11.0)
        .trend(&[(13.0, 10.4), (6.0, 11.3), (0.0, 11.9)], 0.1)
        .locked(lock)
        .id();

    // ---- Product -----------------------------------------------------------------------
    let launch = b
        .dept_kpi(product, vp_prod, "Product X launched", Percent)
        .desc(
            "Product X generally available in Europe and North America; tracked as the share of launch milestones \
             met on their planned dates.",
        )
        .define(
            "Product X is launched when it is CE and UL certified, orderable in the price book and shippable from stock; \
             progress is the share of launch milestones met on their planned dates.",
            "Launch milestones met on their planned date / launch milestones due so far x 100",
            "17 of 24 milestones due met on time = 70.8%",
        )
        .source("Jira Product Discovery")
        .leading()
        .target(100.0, s)
        .th(95.0, 85.0)
        .trend(
            &[(13.0, 100.0), (4.0, 96.0), (f64::from(today.days_since(launch_off)) / 30.44 + 0.1, 93.0), (0.0, 71.0)],
            0.8,
        )
        .off_track_from(launch_off)
        .id();
    let failures = b
        .dept_kpi(product, vp_prod, "Field failure rate", Percent)
        .define(
            "Share of robots in the installed base with a warranty failure in the last twelve months.",
            "Robots with a warranty claim in 12 months / robots in warranty x 100",
            "138 of 5,200 robots = 2.65%",
        )
        .source("Salesforce Field Service")
        .lower()
        .target(2.5, fy)
        .th(2.5, 3.2)
        .trend(&[(13.0, 3.6), (6.0, 3.0), (0.0, 2.45)], 0.04)
        .id();

    // ---- Sales -------------------------------------------------------------------------
    let npr = b
        .dept_kpi(sales, cro, "New-product revenue", Currency)
        .desc(
            "Revenue from Product X in the first full quarter after launch; until launch, tracked as the value of \
             signed pre-orders for delivery after launch.",
        )
        .define(
            "Recognised revenue from Product X orders in the quarter after launch; before launch, the value of signed \
             pre-orders with a delivery date after launch.",
            "Sum of Product X order value recognised (after launch) or pre-ordered (before launch)",
            "23 pre-orders x 48,000 = 1.10M",
        )
        .recognition("Recognised revenue on delivery and acceptance; pre-orders are bookings and are shown as such until launch.")
        .source("Salesforce + SAP S/4HANA")
        .target(1_500_000.0, q_next)
        .th(1_500_000.0, 1_000_000.0)
        .trend(&[(13.0, 0.0), (9.0, 150_000.0), (3.0, 820_000.0), (0.0, 1_120_000.0)], 10_000.0)
        .id();
    let win = b
        .dept_kpi(sales, cro, "Competitive win rate", Percent)
        .define(
            "Share of opportunities closed against a named competitor that we won, rolling 90 days.",
            "Competitive opportunities won / competitive opportunities closed x 100",
            "41 of 100 closed = 41.0%",
        )
        .source("Salesforce")
        .leading()
        .target(42.0, fy)
        .th(42.0, 36.0)
        .trend(&[(13.0, 35.0), (6.0, 38.5), (0.0, 41.0)], 0.5)
        .id();

    // ---- Marketing -----------------------------------------------------------------------
    let pipe = b
        .dept_kpi(marketing, cmo, "Marketing-sourced pipeline", Currency)
        .define(
            "Value of qualified opportunities created from marketing sources in the two-week period.",
            "Sum of opportunity value for marketing-sourced opportunities reaching 'qualified' in the period",
            "38 opportunities, 3.3M",
        )
        .source("Salesforce + HubSpot")
        .leading()
        .target(3_200_000.0, fy)
        .th(3_200_000.0, 2_700_000.0)
        .trend(&[(13.0, 2_300_000.0), (6.0, 2_800_000.0), (0.0, 3_250_000.0)], 60_000.0)
        .id();
    let aware = b
        .dept_kpi(marketing, cmo, "Aided brand awareness in target segments", Percent)
        .define(
            "Share of surveyed automation engineers in our target segments who recognise the brand when shown it.",
            "Respondents recognising the brand / respondents x 100, rolling 90 days of panel answers",
            "372 of 800 respondents = 46.5%",
        )
        .source("YouGov BrandIndex panel")
        .manual()
        .leading()
        .target(48.0, fy)
        .th(48.0, 42.0)
        .trend(&[(13.0, 39.0), (6.0, 43.5), (0.0, 46.8)], 0.4)
        .id();

    // ---- Operations ----------------------------------------------------------------------
    let cost = b
        .dept_kpi(ops, vp_ops, "Cost per robot built", Currency)
        .define(
            "Fully loaded manufacturing cost of a standard robot arm built in the period.",
            "(Materials + direct labour + plant overhead) / robots built",
            "5.6M / 412 robots = 13,600",
        )
        .source("SAP S/4HANA")
        .leading()
        .lower()
        .target(13_500.0, fy)
        .th(13_500.0, 14_500.0)
        .trend(&[(13.0, 15_200.0), (6.0, 14_300.0), (0.0, 13_650.0)], 80.0)
        .id();
    let fpy = b
        .dept_kpi(ops, vp_ops, "First-pass yield", Percent)
        .define(
            "Share of robots passing end-of-line test without rework.",
            "Robots passing end-of-line test first time / robots tested x 100",
            "396 of 412 = 96.1%",
        )
        .source("Siemens Opcenter MES")
        .leading()
        .target(96.0, fy)
        .th(96.0, 93.0)
        .trend(&[(13.0, 92.0), (6.0, 94.5), (0.0, 96.2)], 0.3)
        .id();

    // ---- Finance ---------------------------------------------------------------------------
    let leakage = b
        .dept_kpi(finance, cfo, "Discount leakage", Percent)
        .define(
            "Discounts granted beyond the approved price-band guidelines, as a share of list-price revenue.",
            "Discount beyond guideline / list-price value of orders x 100",
            "0.42M of 23.5M = 1.8%",
        )
        .source("Salesforce CPQ + SAP S/4HANA")
        .leading()
        .lower()
        .target(1.5, fy)
        .th(1.5, 2.2)
        .trend(&[(13.0, 3.1), (6.0, 2.3), (0.0, 1.7)], 0.05)
        .id();
    let realisation = b
        .dept_kpi(finance, cfo, "Price realisation", Percent)
        .define(
            "Average price achieved as a share of list price on robots invoiced in the period.",
            "Invoiced robot revenue / list-price value of robots invoiced x 100",
            "21.9M / 23.5M = 93.2%",
        )
        .source("SAP S/4HANA")
        .leading()
        .target(93.0, fy)
        .th(93.0, 90.0)
        .trend(&[(13.0, 89.5), (6.0, 91.6), (0.0, 93.1)], 0.2)
        .id();

    // ---- level 3: the launch and its commitments ---------------------------------------------
    let cert = b
        .team_kpi(product, julia, "Certification tests passed", Percent)
        .define(
            "Share of the CE and UL certification test cases for Product X passed at the accredited lab.",
            "Test cases passed / test cases in the certification plan x 100",
            "41 of 52 test cases = 78.8%",
        )
        .source("TÜV SÜD test portal")
        .manual()
        .leading()
        .target(100.0, s)
        .th(95.0, 85.0)
        .trend(
            &[
                (13.0, 60.0),
                (3.0, 92.0),
                (f64::from(today.days_since(cert_off)) / 30.44 + 0.1, 92.0),
                (0.0, 79.0),
            ],
            0.5,
        )
        .off_track_from(cert_off)
        .id();
    let beta = b
        .team_kpi(product, julia, "Beta sites live", Count)
        .define(
            "Customer sites running a Product X beta unit in production shifts.",
            "Count of beta sites with 40+ production hours in the last two weeks",
            "9 beta sites live",
        )
        .source("Salesforce Field Service")
        .leading()
        .target(10.0, q)
        .th(10.0, 7.0)
        .trend(&[(13.0, 2.0), (6.0, 6.0), (0.0, 9.3)], 0.0)
        .id();
    let defects = b
        .team_kpi(product, julia, "Critical defects open", Count)
        .define(
            "Open defects of severity 1 or 2 against Product X.",
            "Count of open Jira issues of type Bug, severity 1-2, component Product X",
            "4 critical defects open",
        )
        .source("Jira")
        .leading()
        .lower()
        .target(3.0, q)
        .th(3.0, 6.0)
        .trend(&[(13.0, 18.0), (6.0, 9.0), (0.0, 4.0)], 0.4)
        .id();
    let hired = b
        .team_kpi(sales, sara, "Specialised sales team hired", Count)
        .define(
            "Robotics application specialists hired for Product X who have signed and started.",
            "Count of specialists with a start date on or before the review date",
            "4 of 6 specialists started",
        )
        .source("Workday")
        .leading()
        .activity()
        .target(6.0, q)
        .th(6.0, 4.0)
        .trend(&[(13.0, 0.0), (7.0, 0.0), (4.0, 2.0), (0.0, 4.4)], 0.0)
        .id();
    let certified = b
        .team_kpi(sales, sara, "Sales reps certified on Product X", Percent)
        .define(
            "Share of field sales reps who passed the Product X sales certification.",
            "Reps certified / field sales reps x 100",
            "27 of 40 reps = 67.5%",
        )
        .source("Docebo LMS")
        .leading()
        .activity()
        .target(90.0, q)
        .th(70.0, 50.0)
        .trend(&[(13.0, 0.0), (6.0, 25.0), (0.0, 72.0)], 0.8)
        .id();
    let preorders = b
        .team_kpi(sales, sara, "Product X pre-orders signed", Count)
        .define(
            "Signed pre-orders for Product X with a delivery date after launch.",
            "Count of signed pre-order contracts, cumulative",
            "23 pre-orders signed",
        )
        .source("Salesforce")
        .leading()
        .target(30.0, q)
        .th(22.0, 15.0)
        .trend(&[(13.0, 0.0), (9.0, 3.0), (3.0, 17.0), (0.0, 23.4)], 0.0)
        .id();
    let events = b
        .team_kpi(marketing, tim, "Launch events delivered", Count)
        .desc(
            "Eight Product X launch events (trade fairs and customer days) delivered between the launch and the end \
             of the following quarter; until then tracked as events contracted.",
        )
        .define(
            "Launch events for Product X held with at least 50 qualified attendees; before the events, the count of \
             events contracted (venue, date and stand booked).",
            "Count of launch events held (after launch) or contracted (before launch)",
            "7 of 8 events contracted",
        )
        .source("Cvent")
        .leading()
        .activity()
        .target(8.0, q_next)
        .th(8.0, 5.0)
        .trend(&[(13.0, 0.0), (9.0, 1.0), (4.0, 5.0), (0.0, 7.3)], 0.0)
        .id();
    let event_leads = b
        .team_kpi(marketing, tim, "Event leads captured", Count)
        .define(
            "Qualified leads captured at trade fairs and customer days in the two-week period.",
            "Count of badge scans and sign-ups qualified by the booth team",
            "140 qualified leads",
        )
        .source("Cvent + HubSpot")
        .leading()
        .target(120.0, fy)
        .th(120.0, 90.0)
        .trend(&[(13.0, 80.0), (6.0, 105.0), (0.0, 128.0)], 6.0)
        .id();
    let refs = b
        .team_kpi(marketing, tim, "Reference customers recruited", Count)
        .define(
            "Customers who agreed to a published case study or reference call in the fiscal year.",
            "Count of signed reference agreements, fiscal year to date",
            "9 reference customers",
        )
        .source("Salesforce")
        .leading()
        .activity()
        .target(10.0, fy)
        .th(8.0, 5.0)
        .trend(&[(13.0, 5.0), (6.0, 7.0), (0.0, 9.4)], 0.0)
        .id();

    // ---- the cascade -------------------------------------------------------------------------
    b.link(
        launch,
        rg,
        "Product X opens the mid-payload segment, planned as a fifth of next year's revenue growth.",
    );
    b.link(
        launch,
        share,
        "Without a mid-payload cobot we cannot compete for a third of the market's unit volume.",
    );
    b.link(
        npr,
        rg,
        "Revenue from the new product is counted in company revenue growth from its first delivery.",
    );
    b.link(win, rg, "Each extra competitive deal won adds revenue that would otherwise go to a rival.");
    b.link(
        win,
        share,
        "Winning more head-to-head deals moves units from competitors to us, which is market share.",
    );
    b.link(
        pipe,
        rg,
        "Qualified marketing-sourced pipeline closes within two quarters and becomes recognised revenue.",
    );
    b.link(
        aware,
        share,
        "Engineers shortlist brands they already know, so awareness drives how often we are considered.",
    );
    b.link(cost, gm, "Every euro saved on building a robot is a euro of gross margin on the same price.");
    b.link(
        fpy,
        gm,
        "Rework at end of line costs labour and parts, so a higher first-pass yield lowers cost per robot.",
    );
    b.link(
        leakage,
        gm,
        "Discounts beyond the guidelines give away margin without winning deals we would have lost.",
    );
    b.link(
        realisation,
        gm,
        "Achieving more of the list price raises revenue per robot at the same cost, widening margin.",
    );
    b.link(
        failures,
        gm,
        "Warranty failures are provisioned in cost of goods sold, so fewer failures mean higher margin.",
    );
    b.link(
        cert,
        launch,
        "Product X cannot be sold in Europe or North America until CE and UL certification has passed.",
    );
    b.link(
        beta,
        launch,
        "Beta sites in production prove readiness and become the first reference customers at launch.",
    );
    b.link(
        defects,
        launch,
        "The launch gate requires fewer than three critical defects open against the product.",
    );
    b.link(
        hired,
        npr,
        "Specialists run the application trials that convert Product X interest into signed orders.",
    );
    b.link(
        certified,
        npr,
        "Certified reps can position Product X in their own accounts instead of handing the lead on.",
    );
    b.link(
        preorders,
        npr,
        "Signed pre-orders turn into the first quarter's deliveries and recognised revenue after launch.",
    );
    b.link(events, pipe, "Launch events put Product X in front of buyers who become qualified marketing-sourced opportunities.");
    b.link(
        event_leads,
        pipe,
        "Qualified event leads are the largest single source of marketing-sourced opportunities.",
    );
    b.link(
        refs,
        aware,
        "Published reference stories are what engineers recall when asked which brands they know.",
    );

    // ---- side effects --------------------------------------------------------------------------
    b.hurts(
        preorders,
        leakage,
        "Early-adopter pre-orders were signed with launch discounts beyond the price guidelines.",
    );
    b.hurts(
        cost,
        fpy,
        "Cheaper substitute components cut cost per robot but raise end-of-line test failures.",
    );

    // ---- dependencies: everything that was timed to the original launch date --------------------
    b.depends(
        hired,
        launch,
        Some(q),
        Some(q),
        "Specialists were hired to start selling Product X on the launch date agreed at the plan review.",
    );
    b.depends(
        events,
        launch,
        Some(q),
        Some(q),
        "Launch events between launch and the end of the next quarter were booked against the agreed launch date.",
    );
    b.depends(
        npr,
        launch,
        Some(q),
        Some(q),
        "New-product revenue in the quarter after launch needs the product orderable and shippable at launch.",
    );
    b.depends(
        npr,
        hired,
        Some(q),
        Some(q),
        "The revenue plan assumes six specialists selling from launch day.",
    );

    // ---- governance ------------------------------------------------------------------------------
    b.log(
        lock,
        "Katrin Vogel",
        "Locked FY company KPIs: revenue growth, gross margin, market share in collaborative robots",
        "Strategy review: grow share in the mid-payload segment with Product X while protecting margin.",
        &[rg, gm, share],
    );
    b.log(
        lock.add_days(30),
        "Felix Braun",
        "Agreed the launch interlock: hiring, events and new-product revenue timed to the Product X launch",
        "Each team's commitment is recorded as a dependency on the launch date.",
        &[launch, hired, events, npr],
    );
    let slip_note = format!("Product X launch moved from {} to {}", q.human(), s.human());
    b.log(
        slip_day,
        "Samir Haddad",
        &slip_note,
        "The safety controller failed the EMC certification test; redesign and re-test take three quarters.",
        &[launch],
    );
    b.escalate_overdue();
    b.finish()
}
