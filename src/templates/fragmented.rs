//! Fragmented: what not to do, for comparison with the other templates.
//!
//! An online home-goods shop where every department tracks its own numbers. Eight
//! company KPIs, none locked and two changed in the last months; a marketing department
//! with eleven KPIs, most of them activity counts; orphan metrics with no link up; links
//! whose rationale is empty or one word; KPIs owned by nobody, by a team or by a whole
//! department; quarterly reviews in a business that moves weekly; departments that
//! measure only lagging results; a company "KPI" with no target; KPIs with no data and
//! no source; two departments reporting "Monthly revenue" under different definitions;
//! known conflicts unresolved and off-track KPIs never escalated. It is still a valid
//! model: every reference resolves and every link goes one level up.

use super::builder::*;
use crate::model::tags;
use crate::model::Unit::{Count, Currency, Percent, Score};
use crate::model::*;

pub fn build(today: Date) -> Model {
    let mut b =
        Builder::new(today, "QuickCart Direct", "Online retail (home and kitchen)", Velocity::High, 1, "USD");
    let fy = b.fy_end();
    let (seven_months_ago, eight_months_ago) = (b.months_ago(7), b.months_ago(8));
    // The survey's actuals stop seven months ago, two or three quarters back depending on
    // the day; its off-track run starts three quarters back on every day, six months after
    // headcount's (off track since its first actual, five quarters back).
    let quarters_back = |n: i32| quarter_end(last_review(today, Cadence::Quarterly).add_months(-3 * n));
    let happiness_off = quarters_back(3);
    use Cadence::{Monthly, Quarterly};
    use Level::{Company, Department, Team};

    // ---- organisation: no alignment owner, no dispute resolver, one department without a head
    let sales = b.dept("Sales");
    let marketing = b.dept("Marketing");
    let ops = b.dept("Operations");
    let support = b.dept("Customer Support");
    let finance = b.dept("Finance");
    let hr = b.dept("HR");

    let ceo = b.person("Jordan Blake", "Founder & CEO", None, None);
    let kim = b.head(sales, "Kim Park", "Head of Sales", ceo);
    let alex = b.head(marketing, "Alex Rivera", "Marketing Director", ceo);
    b.member(ops, "Sam Okafor", "Warehouse Lead", ceo);
    let taylor = b.head(support, "Taylor Nguyen", "Support Manager", ceo);
    let morgan = b.head(finance, "Morgan Lee", "Finance Manager", ceo);
    let casey = b.head(hr, "Casey Quinn", "HR Manager", ceo);
    let riley = b.member(marketing, "Riley Chen", "Growth Marketer", alex);
    let jamie = b.member(sales, "Jamie Fox", "Account Executive", kim);

    // Two terms with the same name and different rules: the definition conflict.
    let rev_sales = b.term(TermDef {
        name: "Revenue",
        definition: "Value of orders placed on the website in the month, including VAT and shipping.",
        formula: "Sum of order totals at checkout",
        unit: Some(Unit::Currency),
        timing: "Calendar month by order date.",
        recognition: "At order (bookings).",
        source: "Shopify",
        example: "",
        owner: Some(kim),
    });
    let rev_fin = b.term(TermDef {
        name: "Revenue",
        definition: "Net sales recognised in the month, excluding VAT, after returns.",
        formula: "Shipped order value - returns - VAT",
        unit: Some(Unit::Currency),
        timing: "Calendar month by shipment date; closes on the 10th.",
        recognition: "On shipment, net of returns (recognised revenue).",
        source: "QuickBooks Online",
        example: "",
        owner: Some(morgan),
    });

    let person = |p: PersonId| Some(Owner::Person(p));

    // ---- eight company KPIs, none locked, reviewed quarterly ---------------------------
    let revenue = b
        .kpi(Company, None, person(ceo), "Revenue", Currency)
        .term(rev_fin)
        .cadence(Quarterly)
        .source("QuickBooks Online")
        .manual()
        .target(3_000_000.0, fy)
        .trend(&[(13.0, 2_400_000.0), (0.0, 2_650_000.0)], 60_000.0)
        .id();
    let profit = b
        .kpi(Company, None, None, "Profit", Currency)
        .cadence(Quarterly)
        .source("QuickBooks Online")
        .manual()
        .target(200_000.0, fy)
        .trend(&[(13.0, 110_000.0), (0.0, 60_000.0)], 15_000.0)
        .id();
    let satisfaction = b
        .kpi(Company, None, None, "Increase customer satisfaction", Score)
        .cadence(Quarterly)
        .source("Typeform survey export")
        .manual()
        .no_target()
        .trend(&[(13.0, 3.9), (0.0, 3.7)], 0.1)
        .id();
    b.kpi(Company, None, person(ceo), "Market share", Percent)
        .cadence(Quarterly)
        .no_data()
        .target(5.0, fy)
        .id();
    let traffic = b
        .kpi(Company, None, person(alex), "Website traffic", Count)
        .activity()
        .cadence(Monthly)
        .source("Google Analytics 4")
        .target(1_500_000.0, fy)
        .trend(&[(13.0, 900_000.0), (0.0, 1_250_000.0)], 40_000.0)
        .id();
    let brand = b
        .kpi(Company, None, person(alex), "Brand awareness", Percent)
        .cadence(Quarterly)
        .no_data()
        .target(25.0, fy)
        .id();
    let happiness = b
        .kpi(Company, None, person(casey), "Employee happiness", Score)
        .cadence(Quarterly)
        .source("Office Vibe")
        .manual()
        .target(8.0, fy)
        .trend(&[(13.0, 7.4), (0.0, 6.6)], 0.15)
        .until(seven_months_ago)
        .off_track_from(happiness_off)
        .id();
    let followers = b
        .kpi(Company, None, person(alex), "Social media followers", Count)
        .activity()
        .cadence(Monthly)
        .source("Instagram Insights")
        .target(250_000.0, fy)
        .trend(&[(13.0, 120_000.0), (0.0, 185_000.0)], 3_000.0)
        .id();

    // ---- Marketing: eleven department KPIs, mostly activity, mostly orphans ----------------
    let team = Some(Owner::Team("Growth squad".into()));
    let sessions = b
        .kpi(Department, Some(marketing), person(alex), "Website sessions", Count)
        .activity()
        .cadence(Monthly)
        .source("Google Analytics 4")
        .target(1_500_000.0, fy)
        .trend(&[(13.0, 900_000.0), (0.0, 1_240_000.0)], 40_000.0)
        .id();
    let insta = b
        .kpi(Department, Some(marketing), person(riley), "Instagram followers", Count)
        .activity()
        .cadence(Monthly)
        .source("Instagram Insights")
        .target(200_000.0, fy)
        .trend(&[(13.0, 90_000.0), (0.0, 142_000.0)], 2_500.0)
        .id();
    b.kpi(Department, Some(marketing), person(alex), "Email open rate", Percent)
        .cadence(Quarterly)
        .source("Mailchimp")
        .target(25.0, fy)
        .trend(&[(13.0, 22.0), (0.0, 18.0)], 0.6)
        .id();
    b.kpi(Department, Some(marketing), None, "Newsletter sign-ups", Count)
        .activity()
        .cadence(Monthly)
        .source("Mailchimp")
        .target(5_000.0, fy)
        .trend(&[(13.0, 3_100.0), (0.0, 3_600.0)], 150.0)
        .id();
    b.kpi(Department, Some(marketing), person(riley), "Blog posts published", Count)
        .activity()
        .cadence(Monthly)
        .source("WordPress")
        .manual()
        .target(12.0, fy)
        .trend(&[(13.0, 6.0), (0.0, 4.0)], 1.0)
        .id();
    let press = b
        .kpi(Department, Some(marketing), None, "Press mentions", Count)
        .activity()
        .cadence(Quarterly)
        .no_data()
        .target(20.0, fy)
        .id();
    b.kpi(Department, Some(marketing), person(alex), "Ad impressions", Count)
        .activity()
        .cadence(Monthly)
        .source("Meta Ads Manager")
        .target(8_000_000.0, fy)
        .trend(&[(13.0, 5_200_000.0), (0.0, 7_900_000.0)], 150_000.0)
        .id();
    b.kpi(Department, Some(marketing), person(riley), "Click-through rate", Percent)
        .cadence(Monthly)
        .source("Meta Ads Manager")
        .target(1.5, fy)
        .trend(&[(13.0, 1.3), (0.0, 0.9)], 0.05)
        .id();
    let leads = b
        .kpi(Department, Some(marketing), team, "Leads generated", Count)
        .cadence(Monthly)
        .source("HubSpot")
        .tags(&[tags::LEAD_VOLUME])
        .target(4_000.0, fy)
        .trend(&[(13.0, 2_100.0), (0.0, 4_300.0)], 120.0)
        .id();
    let engagement = b
        .kpi(Department, Some(marketing), person(riley), "Instagram engagement rate", Percent)
        .cadence(Monthly)
        .source("Instagram Insights")
        .target(4.0, fy)
        .trend(&[(13.0, 3.1), (0.0, 2.4)], 0.1)
        .id();
    b.kpi(Department, Some(marketing), None, "Webinar attendees", Count)
        .activity()
        .cadence(Quarterly)
        .source("Zoom")
        .manual()
        .target(600.0, fy)
        .trend(&[(13.0, 420.0), (0.0, 310.0)], 20.0)
        .until(eight_months_ago)
        .id();

    // ---- Sales -----------------------------------------------------------------------------
    let sales_rev = b
        .kpi(Department, Some(sales), person(kim), "Monthly revenue", Currency)
        .term(rev_sales)
        .cadence(Monthly)
        .source("Shopify")
        .target(1_100_000.0, fy)
        .trend(&[(13.0, 840_000.0), (0.0, 1_020_000.0)], 30_000.0)
        .id();
    let orders = b
        .kpi(Department, Some(sales), person(kim), "Orders booked", Count)
        .cadence(Monthly)
        .source("Shopify")
        .tags(&[tags::ORDER_VOLUME])
        .target(16_000.0, fy)
        .trend(&[(13.0, 11_000.0), (0.0, 14_900.0)], 300.0)
        .id();
    let lead_quality = b
        .kpi(Department, Some(sales), person(kim), "Lead quality score", Score)
        .cadence(Quarterly)
        .source("HubSpot")
        .tags(&[tags::LEAD_QUALITY])
        .target(7.0, fy)
        .trend(&[(13.0, 6.8), (0.0, 4.9)], 0.2)
        .id();
    b.kpi(Department, Some(sales), person(jamie), "Calls made", Count)
        .activity()
        .cadence(Monthly)
        .source("Aircall")
        .target(2_400.0, fy)
        .trend(&[(13.0, 1_900.0), (0.0, 2_500.0)], 80.0)
        .id();

    // ---- Operations: lagging only, quarterly, owned by "the department" ----------------------
    b.kpi(Department, Some(ops), Some(Owner::Department(ops)), "Orders shipped", Count)
        .cadence(Quarterly)
        .source("ShipStation")
        .target(48_000.0, fy)
        .trend(&[(13.0, 33_000.0), (0.0, 44_000.0)], 900.0)
        .id();
    let capacity = b
        .kpi(Department, Some(ops), None, "Warehouse capacity used", Percent)
        .cadence(Quarterly)
        .source("Spreadsheet")
        .manual()
        .tags(&[tags::CAPACITY])
        .target(85.0, fy)
        .trend(&[(13.0, 78.0), (0.0, 97.0)], 1.0)
        .id();
    b.kpi(Department, Some(ops), None, "Returns processed", Count)
        .activity()
        .cadence(Quarterly)
        .no_data()
        .target(3_000.0, fy)
        .id();

    // ---- Customer Support, Finance, HR: lagging only ----------------------------------------
    b.kpi(Department, Some(support), person(taylor), "Tickets closed", Count)
        .activity()
        .cadence(Monthly)
        .source("Freshdesk")
        .target(9_000.0, fy)
        .trend(&[(13.0, 6_500.0), (0.0, 8_800.0)], 200.0)
        .id();
    b.kpi(Department, Some(support), person(taylor), "Tickets reopened", Count)
        .lower()
        .cadence(Quarterly)
        .source("Freshdesk")
        .target(300.0, fy)
        .trend(&[(13.0, 420.0), (0.0, 610.0)], 20.0)
        .id();
    let fin_rev = b
        .kpi(Department, Some(finance), person(morgan), "Monthly revenue", Currency)
        .term(rev_fin)
        .cadence(Monthly)
        .source("QuickBooks Online")
        .manual()
        .target(950_000.0, fy)
        .trend(&[(13.0, 700_000.0), (0.0, 880_000.0)], 25_000.0)
        .id();
    let expenses = b
        .kpi(Department, Some(finance), person(morgan), "Expenses", Currency)
        .lower()
        .cadence(Quarterly)
        .source("QuickBooks Online")
        .manual()
        .tags(&[tags::COST_REDUCTION])
        .target(2_200_000.0, fy)
        .trend(&[(13.0, 2_300_000.0), (0.0, 2_600_000.0)], 40_000.0)
        .id();
    let headcount = b
        .kpi(Department, Some(hr), person(casey), "Headcount", Count)
        .cadence(Quarterly)
        .source("BambooHR")
        .tags(&[tags::HEADCOUNT_GROWTH])
        .target(85.0, fy)
        .trend(&[(13.0, 52.0), (0.0, 74.0)], 0.0)
        .id();
    b.kpi(Department, Some(hr), None, "Training hours delivered", Count)
        .activity()
        .cadence(Quarterly)
        .no_data()
        .target(500.0, fy)
        .id();

    // ---- a few team KPIs ------------------------------------------------------------------------
    b.kpi(Team, Some(marketing), person(riley), "Emails sent", Count)
        .activity()
        .cadence(Monthly)
        .source("Mailchimp")
        .target(400_000.0, fy)
        .trend(&[(13.0, 250_000.0), (0.0, 420_000.0)], 10_000.0)
        .id();
    let posts = b
        .kpi(Team, Some(marketing), person(riley), "Posts per week", Count)
        .activity()
        .cadence(Monthly)
        .source("Later")
        .target(14.0, fy)
        .trend(&[(13.0, 9.0), (0.0, 12.0)], 1.0)
        .id();
    let demos = b
        .kpi(Team, Some(sales), person(jamie), "Demos booked", Count)
        .activity()
        .cadence(Monthly)
        .source("Calendly")
        .target(60.0, fy)
        .trend(&[(13.0, 35.0), (0.0, 41.0)], 3.0)
        .id();

    // ---- links with no real rationale -------------------------------------------------------
    b.link_lag(sessions, traffic, "", None);
    b.link_lag(leads, revenue, "Leads", None);
    b.link_lag(sales_rev, revenue, "Obviously", None);
    b.link_lag(orders, revenue, "Sales", None);
    b.link_lag(fin_rev, profit, "", None);
    b.link_lag(expenses, profit, "Costs", None);
    b.link_lag(insta, followers, "Followers", None);
    b.link_lag(engagement, followers, "", None);
    b.link_lag(press, brand, "PR", None);
    b.link_lag(headcount, happiness, "", None);
    b.link_lag(demos, orders, "Yes", None);
    b.link_lag(posts, insta, "", None);

    b.hurts(leads, lead_quality, "");
    b.depends(orders, capacity, None, None, "");

    // ---- governance: company KPIs keep changing -----------------------------------------------
    b.log(
        b.months_ago(5),
        "Jordan Blake",
        "Renamed \u{201c}Customer satisfaction\u{201d} to \u{201c}Increase customer satisfaction\u{201d}",
        "Sounds more ambitious.",
        &[satisfaction],
    );
    b.log(
        b.months_ago(2),
        "Jordan Blake",
        "Added \u{201c}Social media followers\u{201d} and \u{201c}Website traffic\u{201d} as company KPIs",
        "The board liked the Instagram numbers.",
        &[followers, traffic],
    );
    b.finish()
}
