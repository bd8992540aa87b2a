//! The generic cascade: a mid-sized B2B manufacturer with seven departments.
//!
//! Four locked company KPIs (revenue growth, net profit margin, customer retention,
//! EBITDA), each fed by two to four leading department indicators; regrettable attrition
//! in HR feeds every one of them. Marketing's MQL volume and Sales' sales-accepted lead
//! rate are the classic lead-volume vs lead-quality pair, and no resolution is recorded:
//! marketing is on track while sales acceptance has fallen off track.

use super::builder::*;
use crate::model::tags;
use crate::model::Unit::{Count, Currency, Days, Percent, Ratio, Score};
use crate::model::*;

pub fn build(today: Date) -> Model {
    let mut b = Builder::new(
        today,
        "Meridian Components",
        "Industrial components (B2B manufacturing and distribution)",
        Velocity::Standard,
        1,
        "USD",
    );
    let fy = b.fy_end();
    let qe = quarter_end(today.add_days(20));
    let lock = b.lock_date();

    // ---- organisation --------------------------------------------------------------
    let sales = b.dept("Sales");
    let marketing = b.dept("Marketing");
    let ops = b.dept("Operations");
    let cs = b.dept("Customer Service");
    let product = b.dept("Product");
    let finance = b.dept("Finance");
    let hr = b.dept("HR");

    let ceo = b.person("Dana Whitfield", "Chief Executive Officer", None, None);
    let cos = b.person("Priya Raman", "Chief of Staff", None, Some(ceo));
    b.alignment_owner(cos);
    let vp_sales = b.head(sales, "Marcus Bell", "VP Sales", ceo);
    let vp_mkt = b.head(marketing, "Sofia Lindqvist", "VP Marketing", ceo);
    let vp_ops = b.head(ops, "Tomasz Nowak", "VP Operations", ceo);
    let cs_head = b.head(cs, "Grace Okafor", "Head of Customer Service", ceo);
    let vp_prod = b.head(product, "Hiroshi Tanaka", "VP Product", ceo);
    let cfo = b.head(finance, "Elena Castillo", "Chief Financial Officer", ceo);
    let vp_people = b.head(hr, "Amara Nwosu", "VP People", ceo);
    let liam = b.member(sales, "Liam Carter", "Sales Manager, Enterprise", vp_sales);
    b.member(sales, "Nora Ahmed", "Account Executive", liam);
    let jonas = b.member(marketing, "Jonas Weber", "Demand Generation Manager", vp_mkt);
    let ravi = b.member(ops, "Ravi Patel", "Plant Manager, Line 2", vp_ops);
    let chloe = b.member(cs, "Chloe Martin", "Support Team Lead", cs_head);
    let mei = b.member(product, "Mei Chen", "Product Manager, Ordering Portal", vp_prod);
    b.member(finance, "Owen Hughes", "FP&A Manager", cfo);
    let isabel = b.member(hr, "Isabel Costa", "HR Business Partner", vp_people);
    b.governance(3, cos);

    // ---- company KPIs ----------------------------------------------------------------
    let rg = b
        .company(ceo, "Revenue growth", Percent)
        .define(
            "Year-over-year growth of recognised revenue, trailing twelve months.",
            "(TTM recognised revenue - prior-year TTM recognised revenue) / prior-year TTM recognised revenue x 100",
            "TTM revenue 57.5M vs 50.0M a year earlier = 15.0%",
        )
        .recognition("Recognised revenue (IFRS 15): on delivery to the customer, net of returns and rebates.")
        .source("NetSuite")
        .target(15.0, fy)
        .th(15.0, 11.0)
        .trend(&[(13.0, 9.5), (7.0, 12.0), (2.0, 14.6), (0.0, 15.4)], 0.3)
        .locked(lock)
        .id();
    let npm = b
        .company(cfo, "Net profit margin", Percent)
        .define(
            "Net profit after tax as a share of recognised revenue, trailing twelve months.",
            "TTM net profit after tax / TTM recognised revenue x 100",
            "TTM net profit 6.3M on revenue 57.5M = 11.0%",
        )
        .source("NetSuite")
        .target(12.0, fy)
        .th(12.0, 10.0)
        .trend(&[(13.0, 9.8), (6.0, 10.9), (0.0, 11.4)], 0.15)
        .locked(lock)
        .id();
    let cr = b
        .company(ceo, "Customer retention", Percent)
        .define(
            "Share of customers active twelve months ago who still ordered in the last twelve months.",
            "Customers active 12 months ago with an order in the last 12 months / customers active 12 months ago x 100",
            "1,800 of 2,000 accounts still ordering = 90.0%",
        )
        .source("Salesforce")
        .target(90.0, fy)
        .th(90.0, 87.0)
        .trend(&[(13.0, 86.0), (6.0, 88.5), (0.0, 90.6)], 0.3)
        .tags(&[tags::RETENTION])
        .locked(lock)
        .id();
    let ebitda = b
        .company(cfo, "EBITDA", Currency)
        .define(
            "Earnings before interest, tax, depreciation and amortisation, trailing twelve months.",
            "TTM operating profit + depreciation + amortisation",
            "Operating profit 17.1M + D&A 3.9M = 21.0M",
        )
        .source("NetSuite")
        .target(21_000_000.0, fy)
        .th(21_000_000.0, 19_000_000.0)
        .trend(&[(13.0, 16_800_000.0), (6.0, 19_300_000.0), (0.0, 21_400_000.0)], 150_000.0)
        .locked(lock)
        .id();

    // ---- Sales -----------------------------------------------------------------------
    let conv = b
        .dept_kpi(sales, vp_sales, "Sales pipeline conversion rate", Percent)
        .contributors(&[Contributor::Department(marketing)])
        .define(
            "Share of qualified opportunities closed won, rolling 90 days.",
            "Opportunities closed won in 90 days / opportunities closed (won or lost) in 90 days x 100",
            "48 won of 200 closed = 24.0%",
        )
        .source("Salesforce")
        .leading()
        .target(24.0, fy)
        .th(24.0, 20.0)
        .trend(&[(13.0, 19.0), (6.0, 22.5), (0.0, 24.8)], 0.4)
        .id();
    let sal = b
        .dept_kpi(sales, vp_sales, "Sales-accepted lead rate", Percent)
        .define(
            "Share of marketing-qualified leads that sales accepts as worth pursuing within five working days.",
            "MQLs accepted by sales / MQLs handed over x 100",
            "260 accepted of 650 handed over = 40.0%",
        )
        .source("Salesforce")
        .leading()
        .tags(&[tags::LEAD_QUALITY])
        .target(45.0, fy)
        .th(45.0, 38.0)
        .trend(&[(13.0, 47.0), (6.0, 44.5), (3.0, 39.5), (0.0, 33.5)], 0.5)
        .id();
    let deal = b
        .dept_kpi(sales, vp_sales, "Average deal size", Currency)
        .define(
            "Average value of opportunities closed won, rolling 90 days.",
            "Sum of closed-won amounts in 90 days / number of closed-won deals in 90 days",
            "2.04M over 48 deals = 42,500",
        )
        .recognition("Bookings: counted when the order is signed, before delivery.")
        .source("Salesforce")
        .target(42_000.0, fy)
        .th(42_000.0, 38_000.0)
        .trend(&[(13.0, 37_500.0), (6.0, 40_200.0), (0.0, 42_800.0)], 500.0)
        .id();

    // ---- Marketing -------------------------------------------------------------------
    let mql = b
        .dept_kpi(marketing, vp_mkt, "Marketing MQL volume", Count)
        .define(
            "Leads reaching the marketing-qualified score in HubSpot in the two-week period.",
            "Count of contacts whose lead score first crossed 60 in the period",
            "712 contacts crossed the MQL score in the fortnight",
        )
        .source("HubSpot")
        .leading()
        .tags(&[tags::LEAD_VOLUME])
        .target(650.0, fy)
        .th(650.0, 560.0)
        .trend(&[(13.0, 420.0), (6.0, 560.0), (2.0, 690.0), (0.0, 725.0)], 18.0)
        .id();
    let cpmql = b
        .dept_kpi(marketing, vp_mkt, "Cost per MQL", Currency)
        .define(
            "Marketing programme spend per marketing-qualified lead in the two-week period.",
            "Programme spend in the period / MQLs in the period",
            "66,000 spend / 712 MQLs = 92.70",
        )
        .source("HubSpot + NetSuite")
        .lower()
        .target(95.0, fy)
        .th(95.0, 110.0)
        .trend(&[(13.0, 128.0), (6.0, 104.0), (0.0, 92.0)], 2.0)
        .id();

    // ---- Operations ------------------------------------------------------------------
    let cpu = b
        .dept_kpi(ops, vp_ops, "Operations cost per unit", Currency)
        .define(
            "Fully loaded manufacturing cost per good unit shipped: materials, labour and plant overhead.",
            "(Materials + direct labour + plant overhead) / good units shipped",
            "1.89M cost / 100,000 units = 18.90",
        )
        .source("SAP S/4HANA")
        .leading()
        .lower()
        .tags(&[tags::COST_REDUCTION])
        .target(18.4, fy)
        .th(18.4, 19.5)
        .trend(&[(13.0, 20.6), (6.0, 19.4), (0.0, 18.9)], 0.12)
        .id();
    let otd = b
        .dept_kpi(ops, vp_ops, "On-time delivery", Percent)
        .define(
            "Share of order lines delivered in full on or before the date confirmed to the customer.",
            "Order lines delivered in full by the confirmed date / order lines due x 100",
            "1,910 of 2,000 lines on time = 95.5%",
        )
        .source("SAP S/4HANA")
        .leading()
        .target(95.0, fy)
        .th(95.0, 91.0)
        .trend(&[(13.0, 89.0), (6.0, 93.0), (0.0, 95.6)], 0.4)
        .id();
    let util = b
        .dept_kpi(ops, vp_ops, "Capacity utilisation", Percent)
        .define(
            "Share of available line hours spent producing good units.",
            "Productive line hours / available line hours x 100",
            "3,320 of 4,000 available hours = 83.0%",
        )
        .source("Rockwell FactoryTalk MES")
        .leading()
        .band(78.0, 88.0, fy)
        .th(78.0, 4.0)
        .trend(&[(13.0, 71.0), (6.0, 79.0), (0.0, 83.0)], 0.8)
        .id();

    // ---- Customer Service ------------------------------------------------------------
    let fcr = b
        .dept_kpi(cs, cs_head, "First-contact resolution", Percent)
        .define(
            "Share of support tickets solved in the first contact, without a reopen within seven days.",
            "Tickets solved on first contact and not reopened in 7 days / tickets solved x 100",
            "1,580 of 2,000 solved tickets = 79.0%",
        )
        .source("Zendesk")
        .leading()
        .tags(&[tags::RETENTION])
        .target(78.0, fy)
        .th(78.0, 72.0)
        .trend(&[(13.0, 69.0), (6.0, 74.5), (0.0, 78.9)], 0.5)
        .id();
    let csat = b
        .dept_kpi(cs, cs_head, "Customer satisfaction (CSAT)", Percent)
        .define(
            "Share of post-ticket survey answers rating the service 4 or 5 out of 5.",
            "Survey answers rated 4 or 5 / all survey answers x 100",
            "445 of 500 answers rated 4-5 = 89.0%",
        )
        .source("Zendesk")
        .target(90.0, fy)
        .th(90.0, 86.0)
        .trend(&[(13.0, 84.0), (6.0, 87.5), (0.0, 89.0)], 0.4)
        .id();
    let esc = b
        .dept_kpi(cs, cs_head, "Ticket escalation rate", Percent)
        .define(
            "Share of tickets escalated from support to engineering or account management.",
            "Tickets escalated / tickets created x 100",
            "116 of 2,000 tickets escalated = 5.8%",
        )
        .source("Zendesk")
        .lower()
        .target(6.0, fy)
        .th(6.0, 8.0)
        .trend(&[(13.0, 9.5), (6.0, 7.2), (0.0, 5.8)], 0.2)
        .id();

    // ---- Product -----------------------------------------------------------------------
    let adopt = b
        .dept_kpi(product, vp_prod, "Product feature adoption", Percent)
        .define(
            "Share of active accounts that used the ordering portal's reorder and tracking features in the period.",
            "Active accounts using reorder or tracking in the period / active accounts x 100",
            "1,020 of 2,000 active accounts = 51.0%",
        )
        .source("Pendo")
        .leading()
        .target(55.0, fy)
        .th(55.0, 45.0)
        .trend(&[(13.0, 22.0), (6.0, 38.0), (0.0, 51.0)], 0.8)
        .id();
    let nps = b
        .dept_kpi(product, vp_prod, "Net Promoter Score", Score)
        .define(
            "Net Promoter Score of the quarterly relationship survey, rolling 90 days of answers.",
            "% promoters (9-10) - % detractors (0-6)",
            "52% promoters - 11% detractors = 41",
        )
        .source("Qualtrics")
        .target(40.0, fy)
        .th(40.0, 32.0)
        .trend(&[(13.0, 28.0), (6.0, 35.0), (0.0, 41.0)], 0.8)
        .id();
    let reorder = b
        .dept_kpi(product, vp_prod, "Portal reorder rate", Percent)
        .define(
            "Share of repeat orders placed through the self-service portal rather than by phone or email.",
            "Repeat orders placed in the portal / all repeat orders x 100",
            "412 of 2,000 repeat orders = 20.6%",
        )
        .source("Pendo + NetSuite")
        .target(20.0, fy)
        .th(20.0, 16.0)
        .trend(&[(13.0, 12.0), (6.0, 16.5), (0.0, 20.6)], 0.3)
        .id();

    // ---- Finance -----------------------------------------------------------------------
    let opex = b
        .dept_kpi(finance, cfo, "Operating expense ratio", Percent)
        .define(
            "Operating expenses (excluding cost of goods sold) as a share of recognised revenue, trailing three months.",
            "TTM-3 operating expenses / TTM-3 recognised revenue x 100",
            "3.4M opex / 14.4M revenue = 23.6%",
        )
        .source("NetSuite")
        .leading()
        .lower()
        .target(24.0, fy)
        .th(24.0, 26.0)
        .trend(&[(13.0, 27.5), (6.0, 25.1), (0.0, 23.6)], 0.15)
        .id();
    let savings = b
        .dept_kpi(finance, cfo, "Procurement savings", Currency)
        .define(
            "Negotiated savings on direct materials against last year's unit prices, trailing twelve months.",
            "Sum over purchase lines of (last year's unit price - price paid) x quantity, TTM",
            "Steel coil 0.12 x 4.1M kg + ... = 1.25M",
        )
        .source("Coupa")
        .leading()
        .target(1_200_000.0, fy)
        .th(1_200_000.0, 1_000_000.0)
        .trend(&[(13.0, 780_000.0), (6.0, 1_050_000.0), (0.0, 1_250_000.0)], 15_000.0)
        .id();

    // ---- HR ----------------------------------------------------------------------------
    let attr = b
        .dept_kpi(hr, vp_people, "Regrettable attrition", Percent)
        .define(
            "Voluntary leavers rated strong or key performers, as a share of average headcount, trailing twelve months.",
            "TTM regrettable voluntary leavers / TTM average headcount x 100",
            "29 regrettable leavers / 420 average headcount = 6.9%",
        )
        .source("Workday")
        .leading()
        .lower()
        .target(6.0, fy)
        .th(6.0, 8.0)
        .trend(&[(13.0, 10.5), (6.0, 8.2), (0.0, 6.8)], 0.1)
        .id();
    let ttf = b
        .dept_kpi(hr, vp_people, "Time to fill critical roles", Days)
        .define(
            "Median calendar days from approved requisition to signed offer for roles flagged critical.",
            "Median of (offer signed date - requisition approved date) over critical roles filled in 90 days",
            "Median of 11 critical hires = 43 days",
        )
        .source("Greenhouse")
        .lower()
        .target(45.0, fy)
        .th(45.0, 55.0)
        .trend(&[(13.0, 68.0), (6.0, 52.0), (0.0, 43.0)], 1.5)
        .id();

    // ---- level 3: teams and people ---------------------------------------------------------
    let disc = b
        .team_kpi(sales, liam, "Discovery-to-proposal rate (Enterprise)", Percent)
        .define(
            "Share of enterprise discovery calls that lead to a written proposal within 30 days.",
            "Proposals sent within 30 days of discovery / discovery calls held x 100",
            "37 proposals from 90 discovery calls = 41.1%",
        )
        .source("Salesforce")
        .leading()
        .target(40.0, qe)
        .th(40.0, 34.0)
        .trend(&[(13.0, 33.0), (6.0, 37.0), (0.0, 41.0)], 0.8)
        .id();
    let props = b
        .team_kpi(sales, liam, "Proposals sent (Enterprise)", Count)
        .define(
            "Written proposals sent to enterprise prospects in the two-week period.",
            "Count of proposal documents sent from Salesforce CPQ in the period",
            "38 proposals sent in the fortnight",
        )
        .source("Salesforce CPQ")
        .leading()
        .activity()
        .target(35.0, qe)
        .th(35.0, 28.0)
        .trend(&[(13.0, 26.0), (6.0, 31.0), (0.0, 37.0)], 2.0)
        .id();
    let follow = b
        .team_kpi(sales, liam, "Lead follow-up within 24 hours", Percent)
        .define(
            "Share of new MQLs contacted by a salesperson within 24 working hours of hand-over.",
            "MQLs with a logged call or email within 24 working hours / MQLs handed over x 100",
            "585 of 650 MQLs contacted within a day = 90.0%",
        )
        .source("Salesforce")
        .leading()
        .activity()
        .target(90.0, qe)
        .th(90.0, 80.0)
        .trend(&[(13.0, 78.0), (6.0, 86.0), (0.0, 88.5)], 1.0)
        .id();
    let webinar = b
        .team_kpi(marketing, jonas, "Webinar registrations", Count)
        .define(
            "Registrations for product and application webinars in the two-week period.",
            "Count of unique registrations in ON24 for webinars held or scheduled in the period",
            "310 registrations in the fortnight",
        )
        .source("ON24")
        .leading()
        .activity()
        .target(300.0, qe)
        .th(300.0, 240.0)
        .trend(&[(13.0, 180.0), (6.0, 250.0), (0.0, 315.0)], 10.0)
        .id();
    let lpconv = b
        .team_kpi(marketing, jonas, "Landing-page conversion rate", Percent)
        .define(
            "Share of landing-page visits that submit a form.",
            "Form submissions / landing-page sessions x 100",
            "640 submissions / 14,200 sessions = 4.5%",
        )
        .source("Google Analytics 4")
        .leading()
        .target(4.5, qe)
        .th(4.5, 3.8)
        .trend(&[(13.0, 3.2), (6.0, 3.9), (0.0, 4.6)], 0.08)
        .id();
    let cpc = b
        .team_kpi(marketing, jonas, "Paid search cost per click", Currency)
        .define(
            "Average cost of a paid search click across all campaigns.",
            "Paid search spend / paid clicks",
            "18,400 spend / 7,100 clicks = 2.59",
        )
        .source("Google Ads")
        .lower()
        .target(2.6, qe)
        .th(2.6, 3.0)
        .trend(&[(13.0, 3.3), (6.0, 2.9), (0.0, 2.55)], 0.05)
        .id();
    let scrap = b
        .team_kpi(ops, ravi, "Scrap rate, line 2", Percent)
        .define(
            "Share of units produced on line 2 scrapped at inspection.",
            "Units scrapped on line 2 / units produced on line 2 x 100",
            "1,150 scrapped of 46,000 produced = 2.5%",
        )
        .source("Rockwell FactoryTalk MES")
        .leading()
        .lower()
        .target(2.0, qe)
        .th(2.0, 2.4)
        .trend(&[(13.0, 2.6), (6.0, 2.1), (2.0, 2.0), (0.0, 2.75)], 0.04)
        .id();
    let overtime = b
        .team_kpi(ops, ravi, "Overtime hours share", Percent)
        .define(
            "Overtime hours as a share of all hours worked on line 2.",
            "Overtime hours / total hours worked x 100",
            "610 overtime hours of 8,700 = 7.0%",
        )
        .source("Kronos Workforce Central")
        .leading()
        .lower()
        .target(7.0, qe)
        .th(7.0, 9.0)
        .trend(&[(13.0, 11.0), (6.0, 8.4), (0.0, 6.8)], 0.2)
        .id();
    let sched = b
        .team_kpi(ops, ravi, "Schedule adherence, line 2", Percent)
        .define(
            "Share of production orders on line 2 finished within their planned shift.",
            "Production orders finished in the planned shift / production orders planned x 100",
            "465 of 500 orders = 93.0%",
        )
        .source("SAP S/4HANA")
        .leading()
        .target(93.0, qe)
        .th(93.0, 88.0)
        .trend(&[(13.0, 86.0), (6.0, 90.0), (0.0, 93.4)], 0.5)
        .id();
    let tier1 = b
        .team_kpi(cs, chloe, "Tier-1 resolution rate", Percent)
        .define(
            "Share of tickets solved by tier-1 agents without hand-off to tier 2.",
            "Tickets solved at tier 1 / tickets handled at tier 1 x 100",
            "1,380 of 1,700 = 81.2%",
        )
        .source("Zendesk")
        .leading()
        .target(80.0, qe)
        .th(80.0, 74.0)
        .trend(&[(13.0, 71.0), (6.0, 76.0), (0.0, 80.8)], 0.6)
        .id();
    let kb = b
        .team_kpi(cs, chloe, "Knowledge-base article coverage", Percent)
        .define(
            "Share of the top 200 ticket reasons with an up-to-date knowledge-base article.",
            "Top-200 reasons with an article reviewed in the last 90 days / 200 x 100",
            "172 of 200 reasons covered = 86.0%",
        )
        .source("Zendesk Guide")
        .leading()
        .activity()
        .target(85.0, qe)
        .th(85.0, 75.0)
        .trend(&[(13.0, 52.0), (6.0, 71.0), (0.0, 86.5)], 0.8)
        .id();
    let callback = b
        .team_kpi(cs, chloe, "Callback within 4 hours", Percent)
        .define(
            "Share of callback requests returned by an agent within four working hours.",
            "Callbacks made within 4 working hours / callback requests x 100",
            "388 of 450 requests = 86.2%",
        )
        .source("Zendesk Talk")
        .leading()
        .activity()
        .target(92.0, qe)
        .th(92.0, 85.0)
        .trend(&[(13.0, 88.0), (6.0, 91.5), (2.0, 90.5), (0.0, 81.5)], 0.7)
        .id();
    let onboard = b
        .team_kpi(product, mei, "Onboarding checklist completion", Percent)
        .define(
            "Share of new portal accounts completing the five-step onboarding checklist within 14 days.",
            "New accounts completing all 5 steps within 14 days / new accounts x 100",
            "118 of 160 new accounts = 73.8%",
        )
        .source("Pendo")
        .leading()
        .target(75.0, qe)
        .th(75.0, 65.0)
        .trend(&[(13.0, 48.0), (6.0, 63.0), (0.0, 74.5)], 1.0)
        .id();
    let sessions = b
        .team_kpi(product, mei, "Portal sessions per active account", Ratio)
        .define(
            "Average number of portal sessions per active account in the two-week period.",
            "Portal sessions / active accounts",
            "9,400 sessions / 2,000 accounts = 4.7",
        )
        .source("Pendo")
        .leading()
        .target(4.5, qe)
        .th(4.5, 3.8)
        .trend(&[(13.0, 2.9), (6.0, 3.8), (0.0, 4.7)], 0.08)
        .id();
    let saved = b
        .team_kpi(product, mei, "Saved-cart reorders", Count)
        .define(
            "Repeat orders placed from a saved cart in the portal in the two-week period.",
            "Count of orders whose origin is a saved cart",
            "186 saved-cart reorders in the fortnight",
        )
        .source("Pendo + NetSuite")
        .leading()
        .target(180.0, qe)
        .th(180.0, 140.0)
        .trend(&[(13.0, 60.0), (6.0, 120.0), (0.0, 188.0)], 5.0)
        .id();
    let stay = b
        .team_kpi(hr, isabel, "Stay interviews completed", Percent)
        .define(
            "Share of key-talent employees who had a stay interview in the last six months.",
            "Key-talent employees with a stay interview in 6 months / key-talent employees x 100",
            "74 of 80 key-talent employees = 92.5%",
        )
        .source("Workday")
        .manual()
        .leading()
        .activity()
        .target(90.0, qe)
        .th(90.0, 75.0)
        .trend(&[(13.0, 35.0), (6.0, 70.0), (0.0, 92.0)], 1.0)
        .id();
    let one2one = b
        .team_kpi(hr, isabel, "Manager 1:1 cadence adherence", Percent)
        .define(
            "Share of people managers holding a documented 1:1 with every direct report in the two-week period.",
            "Managers with a 1:1 logged for every report in the period / people managers x 100",
            "47 of 55 managers = 85.5%",
        )
        .source("Lattice")
        .leading()
        .activity()
        .target(85.0, qe)
        .th(85.0, 75.0)
        .trend(&[(13.0, 62.0), (6.0, 77.0), (0.0, 86.0)], 1.2)
        .id();
    let accept = b
        .team_kpi(hr, isabel, "Offer acceptance rate", Percent)
        .define(
            "Share of written offers accepted by the candidate, rolling 90 days.",
            "Offers accepted / offers made x 100",
            "34 of 40 offers accepted = 85.0%",
        )
        .source("Greenhouse")
        .leading()
        .target(85.0, qe)
        .th(85.0, 75.0)
        .trend(&[(13.0, 72.0), (6.0, 80.0), (0.0, 86.0)], 1.2)
        .id();

    // ---- the cascade: department -> company ------------------------------------------------
    b.link(
        conv,
        rg,
        "More qualified opportunities closed won turn directly into recognised revenue a quarter later.",
    );
    b.link(
        sal,
        rg,
        "Leads that sales accepts become the opportunities that close, so acceptance predicts revenue.",
    );
    b.link(
        mql,
        rg,
        "More marketing-qualified leads fill the top of the pipeline that later converts into revenue.",
    );
    b.link(
        deal,
        rg,
        "Larger average deals raise revenue for the same number of wins and the same sales capacity.",
    );
    b.link(
        reorder,
        rg,
        "Portal reorders are easier and more frequent, which lifts repeat revenue from existing accounts.",
    );
    b.link(ttf, rg, "Filling critical sales and engineering roles faster adds the capacity that revenue growth depends on.");
    b.link(
        cpu,
        npm,
        "Every dollar saved on the cost of a unit flows straight through to the net profit margin.",
    );
    b.link(
        util,
        npm,
        "Running the lines inside the utilisation band spreads fixed plant cost over more good units.",
    );
    b.link(
        savings,
        npm,
        "Lower material prices reduce cost of goods sold and widen the net margin on every order.",
    );
    b.link(
        cpu,
        ebitda,
        "Lower unit cost raises gross profit and therefore operating earnings before depreciation.",
    );
    b.link(
        opex,
        ebitda,
        "Holding operating expenses below a quarter of revenue leaves more of each dollar as EBITDA.",
    );
    b.link(
        cpmql,
        ebitda,
        "Cheaper qualified leads cut marketing spend per dollar of pipeline, which improves EBITDA.",
    );
    b.link(fcr, cr, "Customers whose problems are solved at the first contact are far less likely to leave.");
    b.link(
        adopt,
        cr,
        "Accounts that use the portal's reorder and tracking features depend on us and renew more often.",
    );
    b.link(
        otd,
        cr,
        "Reliable on-time delivery is the first reason industrial buyers give for staying with a supplier.",
    );
    b.link(
        csat,
        cr,
        "Satisfied customers after a support ticket keep ordering, so CSAT tracks the retention outcome.",
    );
    b.link(
        esc,
        cr,
        "Fewer escalated tickets mean fewer frustrated accounts at risk of moving to a competitor.",
    );
    b.link(
        nps,
        cr,
        "Promoters stay and refer others while detractors churn, so the score moves retention over time.",
    );
    for (parent, why) in [
        (rg, "Losing strong salespeople and engineers stalls deals and delays the work that grows revenue."),
        (npm, "Every regrettable leaver costs recruiting fees and months of lost productivity, which hits margin."),
        (cr, "Customers follow the account managers and agents they trust, so losing them puts accounts at risk."),
        (ebitda, "Replacement hiring, agency fees and ramp-up time add operating cost that lowers EBITDA directly."),
    ] {
        b.link(attr, parent, why);
    }

    // ---- the cascade: team -> department ---------------------------------------------------
    b.link(
        disc,
        conv,
        "Discovery calls that turn into proposals are the first step of every enterprise win.",
    );
    b.link(
        props,
        conv,
        "A steady flow of written proposals keeps enough late-stage deals in play to convert.",
    );
    b.link(
        follow,
        sal,
        "Leads contacted within a day are still warm, so sales accepts a much larger share of them.",
    );
    b.link(
        webinar,
        mql,
        "Webinar registrants are scored on attendance and often cross the MQL threshold afterwards.",
    );
    b.link(
        lpconv,
        mql,
        "A higher landing-page conversion turns the same paid traffic into more scored leads.",
    );
    b.link(cpc, cpmql, "Cheaper paid search clicks lower the spend needed to produce each qualified lead.");
    b.link(
        scrap,
        cpu,
        "Every scrapped unit carries materials and labour that the good units have to absorb.",
    );
    b.link(
        overtime,
        cpu,
        "Overtime is paid at a premium, so a lower share of overtime hours cuts labour cost per unit.",
    );
    b.link(sched, otd, "Orders finished in their planned shift ship on the date promised to the customer.");
    b.link(
        tier1,
        fcr,
        "Tickets solved at tier one without a hand-off are the ones solved on the first contact.",
    );
    b.link(
        kb,
        fcr,
        "Up-to-date articles let agents answer the most common questions correctly the first time.",
    );
    b.link(
        callback,
        csat,
        "Customers who get their callback within four hours rate the service much higher.",
    );
    b.link(
        onboard,
        adopt,
        "Accounts that finish onboarding have already used reorder and tracking once and keep using them.",
    );
    b.link(
        sessions,
        adopt,
        "More frequent portal sessions per account show the features becoming part of the buying routine.",
    );
    b.link(
        saved,
        reorder,
        "Saved carts make repeat orders a two-click task, which moves reorders into the portal.",
    );
    b.link(stay, attr, "Stay interviews surface reasons to leave early enough for managers to act on them.");
    b.link(
        one2one,
        attr,
        "Regular one-to-ones are where managers spot disengagement before it becomes a resignation.",
    );
    b.link(
        accept,
        ttf,
        "When candidates accept the first offer the search does not restart, which shortens time to fill.",
    );

    // ---- side effects ----------------------------------------------------------------------
    b.hurts(
        mql,
        sal,
        "Broad campaigns that inflate MQL volume bring in leads that sales rejects, lowering acceptance.",
    );
    b.hurts(
        util,
        otd,
        "Running the lines above the band leaves no slack for rush orders, so late deliveries rise.",
    );
    b.hurts(
        savings,
        otd,
        "Switching to the cheapest single-source supplier adds lead time and late material risk.",
    );

    // ---- dependencies ------------------------------------------------------------------------
    b.depends(
        adopt,
        kb,
        Some(qe),
        Some(qe),
        "The portal rollout to all accounts needs help articles for every reorder and tracking question first.",
    );

    // ---- governance ----------------------------------------------------------------------------
    b.log(
        lock,
        "Dana Whitfield",
        "Locked FY company KPIs: revenue growth, net profit margin, customer retention, EBITDA",
        "Annual strategy offsite; the four outcomes stay fixed for the strategy period.",
        &[rg, npm, cr, ebitda],
    );
    b.log(
        lock.add_days(21),
        "Priya Raman",
        "Agreed department KPIs and documented their links to the company KPIs",
        "First cross-department alignment review after the strategy offsite.",
        &[conv, mql, cpu, fcr, adopt, opex, attr],
    );
    b.log(
        lock.add_days(45),
        "Amara Nwosu",
        "Linked regrettable attrition to every company KPI",
        "Exit interviews showed key leavers in sales, operations and support in the same quarter.",
        &[attr],
    );
    b.log(
        b.months_ago(2),
        "Sofia Lindqvist",
        "Raised the MQL volume target from 550 to 650 per fortnight",
        "Pipeline coverage for next year's revenue growth target was below three times.",
        &[mql],
    );
    b.escalate_overdue();
    b.finish()
}
