//! Retail: a fashion and home retailer with stores and a web shop, at high velocity.
//!
//! Company KPIs: revenue growth 20% YoY, gross margin 42%, customer retention 68%,
//! reviewed monthly; every department and team KPI is reviewed weekly and has a path up
//! to a company KPI. The diagnostic trace is built in: customer retention went off track
//! at the second-to-last month end; repeat purchase rate about two weeks before it; and
//! the returning-customer campaign response rate three weeks before it (18-24 days,
//! whatever the weekday of the month end), the likely origin. All three runs continue
//! unbroken up to today.

use super::builder::*;
use crate::model::tags;
use crate::model::Unit::{Currency, Percent, Ratio};
use crate::model::*;

pub fn build(today: Date) -> Model {
    let mut b = Builder::new(
        today,
        "Maison Verte",
        "Fashion and home retail (stores and online)",
        Velocity::High,
        2,
        "EUR",
    );
    let fy = b.fy_end();
    let qe = quarter_end(today.add_days(20));
    let lock = b.lock_date();

    // The diagnostic trace: retention off track from the second-to-last month end, repeat
    // purchases from the weekly review 10-16 days before, the campaign from the weekly
    // review 18-24 days before. Month ends fall on any weekday, so a fixed number of days
    // would land on a Monday between 21 and 27 days back and read "3 weeks" or "4 weeks"
    // by the calendar; a window of seven days always holds exactly one Monday, and every
    // gap in it reads "3 weeks" (`trace` rounds days to the nearest week).
    let retention_off = month_end(last_review(today, Cadence::Monthly).add_months(-1));
    let repeat_off = last_review(retention_off.add_days(-10), Cadence::Weekly);
    let campaign_off = last_review(retention_off.add_days(-18), Cadence::Weekly);
    let (retention_at, repeat_at, campaign_at) = (
        b.trend_ago(retention_off, Cadence::Monthly),
        b.trend_ago(repeat_off, Cadence::Weekly),
        b.trend_ago(campaign_off, Cadence::Weekly),
    );

    // ---- organisation --------------------------------------------------------------
    let floor = b.dept("Sales floor");
    let ecom = b.dept("E-commerce");
    let ops = b.dept("Operations");
    let marketing = b.dept("Marketing");
    let finance = b.dept("Finance");

    let ceo = b.person("Claire Dubois", "Chief Executive Officer", None, None);
    let strategy = b.person("Matthieu Lambert", "Head of Strategy & Planning", None, Some(ceo));
    b.alignment_owner(strategy);
    let stores = b.head(floor, "Lucas Moreau", "Director of Stores", ceo);
    let ecom_head = b.head(ecom, "Anna Schmidt", "Head of E-commerce", ceo);
    let ops_head = b.head(ops, "Pieter de Vries", "Director of Operations", ceo);
    let cmo = b.head(marketing, "Giulia Romano", "Chief Marketing Officer", ceo);
    let cfo = b.head(finance, "Henrik Larsen", "Chief Financial Officer", ceo);
    let emma = b.member(floor, "Emma Fischer", "Regional Store Manager, North", stores);
    let jakub = b.member(ecom, "Jakub Kowalski", "Conversion Rate Manager", ecom_head);
    let sofia = b.member(ops, "Sofia Esposito", "Warehouse Manager", ops_head);
    let noah = b.member(marketing, "Noah Becker", "CRM & Loyalty Manager", cmo);
    b.member(finance, "Ines Carvalho", "Merchandise Financial Planner", cfo);
    b.governance(3, strategy);

    // ---- company KPIs ----------------------------------------------------------------
    let rg = b
        .company(ceo, "Revenue growth", Percent)
        .define(
            "Year-over-year growth of net sales across stores and the web shop, trailing twelve months.",
            "(TTM net sales - prior-year TTM net sales) / prior-year TTM net sales x 100",
            "TTM net sales 180M vs 150M = 20.0%",
        )
        .recognition(
            "Net sales at the till or on dispatch for web orders, net of returns within 30 days and VAT.",
        )
        .source("SAP S/4HANA Retail")
        .target(20.0, fy)
        .th(20.0, 17.0)
        .trend(&[(13.0, 14.0), (6.0, 17.5), (2.0, 19.3), (0.0, 18.8)], 0.25)
        .locked(lock)
        .id();
    let gm = b
        .company(cfo, "Gross margin", Percent)
        .define(
            "Net sales minus cost of goods sold, shipping and markdown provisions, as a share of net sales, trailing twelve months.",
            "(TTM net sales - TTM COGS incl. shipping and markdowns) / TTM net sales x 100",
            "(180M - 104M) / 180M = 42.2%",
        )
        .source("SAP S/4HANA Retail")
        .target(42.0, fy)
        .th(42.0, 40.0)
        .trend(&[(13.0, 39.5), (6.0, 41.2), (0.0, 42.3)], 0.15)
        .locked(lock)
        .id();
    let cr = b
        .company(cmo, "Customer retention", Percent)
        .define(
            "Share of identified customers who bought in the previous twelve months and bought again in the last twelve months.",
            "Identified customers buying in both 12-month windows / identified customers buying in the previous window x 100",
            "204,000 of 300,000 returning = 68.0%",
        )
        .source("Salesforce Marketing Cloud")
        .tags(&[tags::RETENTION])
        .target(68.0, fy)
        .th(68.0, 66.0)
        .trend(&[(13.0, 66.4), (6.0, 67.8), (retention_at + 0.9, 68.6), (retention_at, 65.4), (0.0, 64.8)], 0.2)
        .off_track_from(retention_off)
        .locked(lock)
        .id();

    // ---- Sales floor -----------------------------------------------------------------
    let atv = b
        .dept_kpi(floor, stores, "Average transaction value", Currency)
        .define(
            "Average net value of a store till transaction in the week.",
            "Store net sales / store transactions",
            "1.16M net sales / 20,000 transactions = 58.00",
        )
        .source("Oracle Xstore POS")
        .target(58.0, fy)
        .th(58.0, 54.0)
        .trend(&[(13.0, 52.0), (6.0, 55.5), (0.0, 58.6)], 0.6)
        .id();
    let upt = b
        .dept_kpi(floor, stores, "Units per transaction", Ratio)
        .define(
            "Average number of items in a store till transaction in the week.",
            "Units sold in stores / store transactions",
            "48,400 units / 20,000 transactions = 2.42",
        )
        .source("Oracle Xstore POS")
        .leading()
        .target(2.4, fy)
        .th(2.4, 2.2)
        .trend(&[(13.0, 2.1), (6.0, 2.28), (0.0, 2.43)], 0.02)
        .id();
    let ftc = b
        .dept_kpi(floor, stores, "Foot-traffic conversion", Percent)
        .define(
            "Share of store visitors who buy, from door counters and till transactions.",
            "Store transactions / visitors counted at the door x 100",
            "20,000 transactions / 86,000 visitors = 23.3%",
        )
        .source("ShopperTrak + Oracle Xstore POS")
        .leading()
        .target(24.0, fy)
        .th(24.0, 21.0)
        .trend(&[(13.0, 20.0), (6.0, 22.0), (0.0, 23.4)], 0.3)
        .id();

    // ---- E-commerce ------------------------------------------------------------------
    let cart = b
        .dept_kpi(ecom, ecom_head, "Cart abandonment", Percent)
        .define(
            "Share of web-shop sessions with items in the basket that end without an order.",
            "(Sessions with a basket - sessions with an order) / sessions with a basket x 100",
            "41,000 of 61,000 baskets abandoned = 67.2%",
        )
        .source("Shopify Plus")
        .leading()
        .lower()
        .target(68.0, fy)
        .th(68.0, 72.0)
        .trend(&[(13.0, 75.0), (6.0, 71.0), (0.0, 67.4)], 0.4)
        .id();
    let repeat = b
        .dept_kpi(ecom, ecom_head, "Repeat purchase rate", Percent)
        .define(
            "Share of web-shop customers of the last 90 days who have ordered at least twice in the last 12 months.",
            "Customers with 2+ orders in 12 months / customers with an order in 90 days x 100",
            "9,300 of 31,000 customers = 30.0%",
        )
        .source("Shopify Plus")
        .leading()
        .tags(&[tags::RETENTION])
        .target(30.0, fy)
        .th(30.0, 27.0)
        .trend(&[(13.0, 28.5), (6.0, 30.2), (repeat_at + 0.2, 30.6), (repeat_at, 26.4), (0.0, 25.2)], 0.3)
        .off_track_from(repeat_off)
        .id();
    let aov = b
        .dept_kpi(ecom, ecom_head, "Average order value", Currency)
        .define(
            "Average net value of a web-shop order in the week, after discounts and before returns.",
            "Web net order value / web orders",
            "1.46M / 20,000 orders = 73.00",
        )
        .source("Shopify Plus")
        .target(72.0, fy)
        .th(72.0, 66.0)
        .trend(&[(13.0, 64.0), (6.0, 69.0), (0.0, 73.0)], 0.8)
        .id();

    // ---- Operations ------------------------------------------------------------------
    let turn = b
        .dept_kpi(ops, ops_head, "Inventory turnover", Ratio)
        .define(
            "How many times the average stock value is sold through in a year, from the last 13 weeks annualised.",
            "(13-week COGS x 4) / average stock at cost over the 13 weeks",
            "26M COGS x 4 / 21M average stock = 4.95",
        )
        .source("SAP S/4HANA Retail")
        .leading()
        .target(5.0, fy)
        .th(5.0, 4.4)
        .trend(&[(13.0, 4.1), (6.0, 4.6), (0.0, 4.92)], 0.04)
        .id();
    let shrink = b
        .dept_kpi(ops, ops_head, "Shrinkage", Percent)
        .define(
            "Stock lost to theft, damage and administrative error as a share of net sales, rolling 13 weeks.",
            "(Book stock - counted stock) at cost, 13 weeks / net sales at retail, 13 weeks x 100",
            "0.52M shrink / 45M sales = 1.16%",
        )
        .source("SAP S/4HANA Retail")
        .leading()
        .lower()
        .target(1.2, fy)
        .th(1.2, 1.5)
        .trend(&[(13.0, 1.7), (6.0, 1.4), (0.0, 1.14)], 0.02)
        .id();
    let fulfil = b
        .dept_kpi(ops, ops_head, "Fulfilment accuracy", Percent)
        .define(
            "Share of web orders shipped complete, with the right items, in the week.",
            "Orders shipped without a picking or packing error / orders shipped x 100",
            "19,920 of 20,000 orders = 99.6%",
        )
        .source("Manhattan WMS")
        .leading()
        .target(99.5, fy)
        .th(99.5, 98.8)
        .trend(&[(13.0, 98.6), (6.0, 99.2), (0.0, 99.62)], 0.05)
        .id();

    // ---- Marketing -------------------------------------------------------------------
    let cpnc = b
        .dept_kpi(marketing, cmo, "Cost per new customer", Currency)
        .define(
            "Acquisition marketing spend per first-time identified customer, rolling four weeks.",
            "Acquisition media spend, 4 weeks / first-time identified customers, 4 weeks",
            "310,000 / 11,400 new customers = 27.19",
        )
        .source("Salesforce Marketing Cloud + Google Ads")
        .lower()
        .target(28.0, fy)
        .th(28.0, 32.0)
        .trend(&[(13.0, 35.0), (6.0, 31.0), (0.0, 27.2)], 0.4)
        .id();
    let campaign = b
        .dept_kpi(marketing, cmo, "Returning-customer campaign response rate", Percent)
        .contributors(&[Contributor::Department(ecom), Contributor::Person(noah)])
        .define(
            "Share of customers targeted by a returning-customer campaign who buy within 14 days of the send.",
            "Targeted customers with a purchase within 14 days / targeted customers x 100",
            "5,900 of 48,000 targeted customers = 12.3%",
        )
        .source("Salesforce Marketing Cloud")
        .leading()
        .tags(&[tags::RETENTION])
        .target(12.0, fy)
        .th(12.0, 10.5)
        .trend(&[(13.0, 11.4), (6.0, 12.2), (campaign_at + 0.2, 12.5), (campaign_at, 9.8), (0.0, 8.9)], 0.2)
        .off_track_from(campaign_off)
        .id();

    // ---- Finance -----------------------------------------------------------------------
    let gmcat = b
        .dept_kpi(finance, cfo, "Gross margin by category", Percent)
        .define(
            "Gross margin of the five merchandise categories at the planned category mix, so mix shifts do not hide margin erosion.",
            "Sum over categories of (category gross margin % x planned share of sales)",
            "Womenswear 47% x 0.35 + Menswear 41% x 0.25 + ... = 42.5%",
        )
        .source("SAP S/4HANA Retail")
        .target(42.0, fy)
        .th(42.0, 40.0)
        .trend(&[(13.0, 40.0), (6.0, 41.4), (0.0, 42.5)], 0.15)
        .id();
    let opex = b
        .dept_kpi(finance, cfo, "Operating expense ratio", Percent)
        .define(
            "Store, distribution and head-office operating costs as a share of net sales, rolling 13 weeks.",
            "Operating expenses, 13 weeks / net sales, 13 weeks x 100",
            "12.5M / 45M = 27.8%",
        )
        .source("SAP S/4HANA Retail")
        .leading()
        .lower()
        .tags(&[tags::COST_REDUCTION])
        .target(28.0, fy)
        .th(28.0, 30.0)
        .trend(&[(13.0, 30.5), (6.0, 29.0), (0.0, 27.8)], 0.12)
        .id();

    // ---- level 3 -------------------------------------------------------------------------
    let attach = b
        .team_kpi(floor, emma, "Add-on attach rate (North)", Percent)
        .define(
            "Share of northern-region store transactions that include an accessory or care product.",
            "Transactions with an add-on item / transactions x 100",
            "3,650 of 10,000 transactions = 36.5%",
        )
        .source("Oracle Xstore POS")
        .leading()
        .target(35.0, qe)
        .th(35.0, 30.0)
        .trend(&[(13.0, 28.0), (6.0, 32.0), (0.0, 36.2)], 0.6)
        .id();
    let greet = b
        .team_kpi(floor, emma, "Greeting within 60 seconds (North)", Percent)
        .define(
            "Share of mystery-shopper visits in which a colleague greets the shopper within 60 seconds.",
            "Visits with a greeting within 60 s / mystery-shopper visits x 100",
            "37 of 40 visits = 92.5%",
        )
        .source("Mystery-shopper report (Proxima)")
        .manual()
        .leading()
        .activity()
        .target(90.0, qe)
        .th(90.0, 80.0)
        .trend(&[(13.0, 76.0), (6.0, 85.0), (0.0, 91.5)], 1.5)
        .id();
    let fitting = b
        .team_kpi(floor, emma, "Fitting-room conversion (North)", Percent)
        .define(
            "Share of fitting-room visits in northern-region stores that end in a purchase.",
            "Fitting-room visits with a purchase / fitting-room visits x 100",
            "2,300 of 5,000 visits = 46.0%",
        )
        .source("Oracle Xstore POS + RFID fitting-room counters")
        .leading()
        .target(45.0, qe)
        .th(45.0, 40.0)
        .trend(&[(13.0, 39.0), (6.0, 42.5), (0.0, 45.8)], 0.6)
        .id();
    let mobile = b
        .team_kpi(ecom, jakub, "Mobile checkout completion", Percent)
        .define(
            "Share of mobile sessions that start checkout and place the order.",
            "Mobile orders / mobile sessions starting checkout x 100",
            "12,400 of 20,000 = 62.0%",
        )
        .source("Shopify Plus + Google Analytics 4")
        .leading()
        .target(60.0, qe)
        .th(60.0, 54.0)
        .trend(&[(13.0, 51.0), (6.0, 56.5), (0.0, 61.4)], 0.6)
        .id();
    let speed = b
        .team_kpi(ecom, jakub, "Product pages loading under 2 seconds", Percent)
        .define(
            "Share of product-page views whose largest content paints within two seconds on real devices.",
            "Product-page views with LCP under 2.0 s / product-page views x 100",
            "850,000 of 1,000,000 views = 85.0%",
        )
        .source("SpeedCurve RUM")
        .leading()
        .target(85.0, qe)
        .th(85.0, 75.0)
        .trend(&[(13.0, 64.0), (6.0, 78.0), (0.0, 86.0)], 1.0)
        .id();
    let recovery = b
        .team_kpi(ecom, jakub, "Basket-recovery email conversion", Percent)
        .define(
            "Share of basket-recovery emails that lead to an order within 72 hours.",
            "Orders within 72 h of a recovery email / recovery emails delivered x 100",
            "1,150 orders from 10,000 emails = 11.5%",
        )
        .source("Klaviyo")
        .leading()
        .target(11.0, qe)
        .th(11.0, 9.0)
        .trend(&[(13.0, 8.2), (6.0, 9.9), (0.0, 11.4)], 0.2)
        .id();
    let pick = b
        .team_kpi(ops, sofia, "Pick accuracy", Percent)
        .define(
            "Share of order lines picked with the right item and quantity, checked at packing.",
            "Order lines picked correctly / order lines picked x 100",
            "59,900 of 60,000 lines = 99.83%",
        )
        .source("Manhattan WMS")
        .leading()
        .target(99.8, qe)
        .th(99.8, 99.4)
        .trend(&[(13.0, 99.3), (6.0, 99.6), (0.0, 99.84)], 0.03)
        .id();
    let cycle = b
        .team_kpi(ops, sofia, "Cycle counts completed", Percent)
        .define(
            "Share of scheduled weekly cycle counts of high-risk locations completed in the week.",
            "Cycle counts completed / cycle counts scheduled x 100",
            "188 of 200 counts = 94.0%",
        )
        .source("Manhattan WMS")
        .leading()
        .activity()
        .target(95.0, qe)
        .th(95.0, 85.0)
        .trend(&[(13.0, 78.0), (6.0, 90.0), (0.0, 95.5)], 1.2)
        .id();
    let aged = b
        .team_kpi(ops, sofia, "Aged stock share", Percent)
        .define(
            "Share of stock at cost older than 180 days since receipt.",
            "Stock at cost received more than 180 days ago / total stock at cost x 100",
            "1.6M of 21M = 7.6%",
        )
        .source("SAP S/4HANA Retail")
        .leading()
        .lower()
        .target(8.0, qe)
        .th(8.0, 10.0)
        .trend(&[(13.0, 12.5), (6.0, 9.6), (0.0, 7.7)], 0.15)
        .id();
    let redeem = b
        .team_kpi(marketing, noah, "Personalised offer redemption rate", Percent)
        .define(
            "Share of personalised loyalty offers redeemed before they expire.",
            "Offers redeemed / offers issued and expired or redeemed in the week x 100",
            "4,100 of 22,000 offers = 18.6%",
        )
        .source("Salesforce Marketing Cloud")
        .leading()
        .target(18.0, qe)
        .th(18.0, 14.0)
        .trend(&[(13.0, 15.0), (6.0, 17.0), (0.0, 17.4)], 0.25)
        .id();
    let inbox = b
        .team_kpi(marketing, noah, "Campaign inbox placement", Percent)
        .define(
            "Share of campaign emails that land in the inbox rather than spam, from seed-list tests.",
            "Seed addresses receiving the email in the inbox / seed addresses x 100",
            "470 of 500 seeds = 94.0%",
        )
        .source("Validity Everest")
        .leading()
        .activity()
        .target(95.0, qe)
        .th(95.0, 88.0)
        .trend(&[(13.0, 93.0), (6.0, 95.5), (0.0, 94.4)], 0.5)
        .id();
    let social_cpc = b
        .team_kpi(marketing, noah, "Paid social cost per click", Currency)
        .define(
            "Average cost of a click on paid social campaigns aimed at new customers.",
            "Paid social spend / paid social clicks",
            "42,000 / 68,000 clicks = 0.62",
        )
        .source("Meta Ads Manager")
        .lower()
        .target(0.65, qe)
        .th(0.65, 0.75)
        .trend(&[(13.0, 0.82), (6.0, 0.71), (0.0, 0.62)], 0.01)
        .id();

    // ---- the cascade -----------------------------------------------------------------------
    b.link(atv, rg, "A higher value per till transaction grows store sales without needing more visitors.");
    b.link(upt, rg, "Each extra item per basket adds sales on visits we already paid to bring in.");
    b.link(
        ftc,
        rg,
        "Converting more of the shoppers already in the store is the cheapest source of sales growth.",
    );
    b.link(cart, rg, "Every basket that is not abandoned becomes an online order and counts as net sales.");
    b.link(aov, rg, "Larger online orders grow web sales at almost no extra fulfilment cost per order.");
    b.link(
        cpnc,
        rg,
        "Cheaper acquisition lets the same media budget bring in more first-time buyers and sales.",
    );
    b.link(
        gmcat,
        gm,
        "Category margins at the planned mix are the building blocks of the company gross margin.",
    );
    b.link(
        shrink,
        gm,
        "Every euro of stock lost to theft or damage is cost of goods sold with no sale against it.",
    );
    b.link(
        turn,
        gm,
        "Faster-turning stock needs fewer end-of-season markdowns, which protects the gross margin.",
    );
    b.link(
        opex,
        gm,
        "Shipping and distribution costs in the ratio are booked in cost of sales, so holding them protects margin.",
    );
    b.link(repeat, cr, "Customers who order online a second time are the ones still buying a year later.");
    b.link(
        campaign,
        cr,
        "Customers who respond to a returning-customer campaign buy again and stay in the base.",
    );
    b.link(
        fulfil,
        cr,
        "Orders arriving complete and correct remove the most common reason customers stop buying.",
    );
    b.link(
        attach,
        upt,
        "Adding an accessory or care product is the most common way a basket gains an extra item.",
    );
    b.link(
        greet,
        ftc,
        "Shoppers greeted within a minute ask for help and buy far more often than those left alone.",
    );
    b.link(
        fitting,
        ftc,
        "Most apparel sales start in the fitting room, so its conversion drives store conversion.",
    );
    b.link(
        mobile,
        cart,
        "Two thirds of baskets are on mobile, so a smoother mobile checkout cuts abandonment most.",
    );
    b.link(
        speed,
        cart,
        "Slow product pages lose shoppers before they reach checkout, which shows up as abandonment.",
    );
    b.link(
        recovery,
        cart,
        "Recovery emails bring abandoned baskets back to checkout within three days of leaving.",
    );
    b.link(
        pick,
        fulfil,
        "Correct picks are the main condition for an order to be shipped complete and right.",
    );
    b.link(
        cycle,
        shrink,
        "Frequent counts of high-risk locations find losses early and correct book stock errors.",
    );
    b.link(
        aged,
        turn,
        "Clearing stock older than six months lowers average stock and raises the turnover rate.",
    );
    b.link(redeem, campaign, "Relevant personalised offers are what turns a campaign email into a purchase.");
    b.link(
        inbox,
        campaign,
        "A campaign can only get a response from customers who actually see it in their inbox.",
    );
    b.link(
        social_cpc,
        cpnc,
        "Paid social is the largest acquisition channel, so its click price sets the cost per customer.",
    );

    // ---- side effects ----------------------------------------------------------------------
    b.hurts(cart, gm, "Discount codes offered at checkout to cut abandonment give away margin on orders that would have come anyway.");
    b.hurts(upt, gmcat, "Multi-buy promotions that lift units per transaction sell the extra units at a lower category margin.");
    b.hurts(
        turn,
        ftc,
        "Running stock too lean leaves gaps in sizes on the shop floor, and shoppers leave without buying.",
    );

    // ---- governance ----------------------------------------------------------------------------
    b.log(
        lock,
        "Claire Dubois",
        "Locked FY company KPIs: revenue growth 20% YoY, gross margin 42%, customer retention 68%",
        "Three-year plan approved by the supervisory board; targets hold for the plan period.",
        &[rg, gm, cr],
    );
    b.log(
        lock.add_days(28),
        "Matthieu Lambert",
        "Agreed the store and online cascade: 13 department KPIs, each linked to a company KPI",
        "First alignment review; every department KPI must explain which company KPI it moves.",
        &[atv, upt, ftc, cart, repeat, aov, turn, shrink, fulfil, cpnc, campaign, gmcat, opex],
    );
    b.log(
        lock.add_days(60),
        "Matthieu Lambert",
        "Moved department and team reviews from monthly to weekly",
        "Retail moves within days; monthly reviews found problems after the season had moved on.",
        &[],
    );
    b.log(
        campaign_off.add_days(7),
        "Giulia Romano",
        "Switched the returning-customer campaigns to the new CRM segmentation",
        "Segments were rebuilt on the new loyalty data model; the response rate is being watched.",
        &[campaign],
    );
    b.escalate_overdue();
    b.finish()
}
