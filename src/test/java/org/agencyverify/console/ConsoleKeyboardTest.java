package org.agencyverify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.Agency;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.officer.Officer;
import org.agencyverify.officer.OfficerFixtures;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OneTimeCodes;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The console with the keyboard alone, in real Chromium (WCAG 2.2 AA 2.1.1, 2.1.2, 2.4.1, 2.4.3, 2.4.7):
 * real Tab key presses from the top of the page reach the skip link first, which moves focus to the main
 * content; then every interactive element in document order, each once, none skipped, and out of the page
 * after the last (no trap); every focused element shows a focus indicator and is on screen, also at
 * 360 px wide; forms are filled and sent with keys, and their action happens.
 */
@QuarkusTest
class ConsoleKeyboardTest {

    private static final String QUEUE = "/console/operator/agencies";

    /** An element as the messages name it: its position among all the page's elements (its identity), tag, id, class and text. */
    private static final String DESCRIBE = "const all = Array.from(document.getElementsByTagName('*'));"
            + "const describe = e => all.indexOf(e) + ' ' + e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
            + " + (e.className ? '.' + e.className : '') + ' \"' + (e.innerText || e.value || e.name || '').trim().slice(0, 40) + '\"';";

    /**
     * What Tab must reach, in document order: links, buttons, fields, lists, text areas and summaries that
     * are not disabled and are rendered. A tabindex is deliberately not consulted: a tabindex="-1" on a
     * button takes it out of the keyboard's reach, which this list must notice, not follow.
     */
    private static final String INTERACTIVE = DESCRIBE
            + "const shown = e => !e.closest('[hidden], [inert]') && getComputedStyle(e).visibility !== 'hidden' && e.getClientRects().length > 0;"
            + "const interactive = Array.from(document.querySelectorAll('a[href], button, input, select, textarea, summary'))"
            + ".filter(e => !e.matches(':disabled') && !(e.tagName === 'INPUT' && e.type === 'hidden') && shown(e));";

    /** The element that has focus now (null when focus left the page) with what makes its focus visible and where it is. */
    private static final String FOCUSED = DESCRIBE
            + "const e = document.activeElement;"
            + "if (!e || e === document.body || e === document.documentElement) return null;"
            + "const s = getComputedStyle(e); const r = e.getBoundingClientRect();"
            + "return { element: describe(e), main: e.id === 'main', skip: e.classList.contains('skip'), inMain: !!e.closest('main'),"
            + " outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0, boxShadow: s.boxShadow,"
            + " left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: innerWidth, height: innerHeight };";

    @Inject
    EnrolledAgencies agencies;

    @Inject
    TestIdentities identities;

    @Inject
    AgencyFixtures agencyFixtures;

    private final OneTimeCodes codes = new OneTimeCodes();

    @Test
    void anAgencyAdminWorksTheOfficersPageWithTheKeyboardAlone() {
        TestAgency agency = agencies.active();
        UUID officer = OfficerFixtures.enrolled(agency);
        codes.setUp(agency.admin().totpSecret());
        String page = "/console/agencies/" + agency.id() + "/officers";
        String email = agency.email("keys-" + UUID.randomUUID().toString().substring(0, 8));
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(agency.admin(), codes)) {
            browser.open(page);
            assertSkipLinkFirst(browser);
            browser.open(page);
            assertTabWalk(browser);
            browser.at360(() -> {
                browser.open(page);
                assertTabWalk(browser);
            });

            // Enroll: each field reached with Tab, typed into, and the form sent with Enter.
            browser.open(page);
            tabTo(browser, "email");
            browser.press(email, Keys.TAB, "Kim Keyboard", Keys.TAB, "K-" + UUID.randomUUID().toString().substring(0, 6));
            browser.pressForNextPage(Keys.ENTER);
            assertTrue(browser.driver().findElement(By.id("done")).getText().startsWith("Officer enrolled."), browser.main());
            assertEquals(OfficerStatus.INVITED, QuarkusTransaction.requiringNew().call(
                    () -> Officer.<Officer>find("email", email).firstResult().status));

            // Suspend: the row's button reached with Tab and pressed with Space.
            tabTo(browser, "suspend-" + officer);
            browser.pressForNextPage(Keys.SPACE);
            assertTrue(browser.driver().findElement(By.id("done")).getText().startsWith("Officer suspended"), browser.main());
            assertEquals(OfficerStatus.SUSPENDED, OfficerFixtures.row(officer).status);
        }
    }

    @Test
    void anOperatorSearchesTheQueueAndSuspendsWithTheKeyboardAlone() {
        TestAgency pending = agencies.create(AgencyStatus.PENDING);
        agencyFixtures.addActiveContact(pending.id(), AgencyContact.Level.STANDARD);
        TestUser operator = identities.user(Roles.OPERATOR);
        codes.setUp(operator.totpSecret());
        String name = pending.domain().substring(0, 13);
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(operator, codes)) {
            browser.open(QUEUE);
            assertSkipLinkFirst(browser);

            // The name filter: typed into and sent with Enter (the test database holds hundreds of agencies).
            browser.open(QUEUE);
            tabTo(browser, "name");
            browser.press(name);
            browser.pressForNextPage(Keys.ENTER);
            assertTrue(browser.driver().getCurrentUrl().contains("name=" + name), browser.driver().getCurrentUrl());
            assertEquals(1, browser.driver().findElements(By.cssSelector("#agencies tbody tr")).size(), browser.main());
            String found = browser.driver().getCurrentUrl().substring(ConsoleBrowser.base().length());

            browser.open(found);
            assertTabWalk(browser);
            browser.at360(() -> {
                browser.open(found);
                assertTabWalk(browser);
            });

            // Activate with Enter, then suspend with Space (the queue comes back with the same search).
            browser.open(found);
            tabTo(browser, "activate-" + pending.id());
            browser.pressForNextPage(Keys.ENTER);
            assertEquals(AgencyStatus.ACTIVE, status(pending), browser.main());
            tabTo(browser, "suspend-" + pending.id());
            browser.pressForNextPage(Keys.SPACE);
            assertEquals(AgencyStatus.SUSPENDED, status(pending), browser.main());
        }
    }

    /** From the top of a freshly opened page: Tab reaches the skip link, Enter on it moves focus to main, Tab goes on inside main. */
    private static void assertSkipLinkFirst(ConsoleBrowser browser) {
        List<String> interactive = interactive(browser);
        browser.press(Keys.TAB);
        Map<String, Object> first = focused(browser);
        assertTrue(first != null && Boolean.TRUE.equals(first.get("skip")), "the first Tab reaches the skip link, not " + first);
        assertEquals(interactive.get(0), first.get("element"), "the skip link is the page's first interactive element");
        browser.press(Keys.ENTER);
        Map<String, Object> main = focused(browser);
        assertTrue(main != null && Boolean.TRUE.equals(main.get("main")), "Enter on the skip link moves focus to <main>, not " + main);
        browser.press(Keys.TAB);
        Map<String, Object> next = focused(browser);
        assertTrue(next != null && Boolean.TRUE.equals(next.get("inMain")), "Tab after the skip goes on inside main, not " + next);
    }

    /**
     * Tab from the top of a freshly opened page through to the end: every interactive element once, in
     * document order, each with a visible focus indicator and on screen; the Tab after the last leaves
     * the page or comes back to the first.
     */
    private static void assertTabWalk(ConsoleBrowser browser) {
        List<String> interactive = interactive(browser);
        assertTrue(interactive.size() > 5, "a page with something to do: " + interactive);
        List<String> reached = new ArrayList<>();
        List<String> invisible = new ArrayList<>();
        for (int presses = 0; presses <= interactive.size() + 2; presses++) {
            browser.press(Keys.TAB);
            Map<String, Object> now = focused(browser);
            if (now == null || (!reached.isEmpty() && now.get("element").equals(reached.get(0)))) {
                assertEquals(interactive, reached, "Tab order on " + browser.driver().getCurrentUrl());
                assertEquals(List.of(), invisible, "focus not visible on " + browser.driver().getCurrentUrl());
                return;
            }
            reached.add((String) now.get("element"));
            String indicator = indicatorMissing(now);
            if (indicator != null) {
                invisible.add(now.get("element") + ": " + indicator);
            }
        }
        fail("focus never left the page (a trap?) after " + reached.size() + " Tabs on " + browser.driver().getCurrentUrl()
                + "\nexpected " + interactive + "\nreached " + reached);
    }

    /** Null when the focused element shows an outline or a box shadow and is inside the window; otherwise why not. */
    private static String indicatorMissing(Map<String, Object> f) {
        boolean outline = !"none".equals(f.get("outlineStyle")) && number(f, "outlineWidth") > 0;
        boolean shadow = f.get("boxShadow") != null && !"none".equals(f.get("boxShadow"));
        if (!outline && !shadow) {
            return "no outline (" + f.get("outlineStyle") + " " + f.get("outlineWidth") + ") and no box-shadow";
        }
        boolean onScreen = number(f, "left") >= 0 && number(f, "right") <= number(f, "width") + 0.5
                && number(f, "bottom") > 0 && number(f, "top") < number(f, "height") && number(f, "right") > number(f, "left");
        return onScreen ? null : "off screen at " + f.get("left") + ".." + f.get("right") + " x " + f.get("top") + ".." + f.get("bottom")
                + " in " + f.get("width") + " x " + f.get("height");
    }

    /** Presses Tab until the element with this id has focus (as a person would reach it), failing if it never does. */
    private static void tabTo(ConsoleBrowser browser, String id) {
        int bound = interactive(browser).size() + 2;
        for (int presses = 0; presses < bound; presses++) {
            browser.press(Keys.TAB);
            Object focused = browser.driver().executeScript("return document.activeElement && document.activeElement.id");
            if (id.equals(focused)) {
                return;
            }
        }
        fail("Tab never reached #" + id + " on " + browser.driver().getCurrentUrl());
    }

    @SuppressWarnings("unchecked")
    private static List<String> interactive(ConsoleBrowser browser) {
        return (List<String>) browser.driver().executeScript(INTERACTIVE + "return interactive.map(describe);");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> focused(ConsoleBrowser browser) {
        return (Map<String, Object>) browser.driver().executeScript(FOCUSED);
    }

    private static AgencyStatus status(TestAgency agency) {
        return QuarkusTransaction.requiringNew().call(() -> Agency.<Agency>findById(agency.id()).status);
    }

    private static double number(Map<String, Object> f, String key) {
        return ((Number) f.get(key)).doubleValue();
    }
}
