package org.agencyverify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import org.agencyverify.support.BrowserPages;
import org.agencyverify.support.HeadlessChromium;
import org.agencyverify.support.OneTimeCodes;
import org.agencyverify.support.TestIdentities.TestUser;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser on the console: real Chromium, signed in at the real Keycloak through the
 * console's own client (password, then the one-time code when the person has one).
 */
final class ConsoleBrowser implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final HeadlessChromium chromium = new HeadlessChromium();

    /** Keycloak accepts any port on 127.0.0.1 for the client's loopback redirect URI (RFC 8252), not on localhost. */
    static String base() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    ChromeDriver driver() {
        return chromium.driver();
    }

    /** Opens the console (Keycloak's sign-in first) and signs in as this person; ends on the console page. */
    ConsoleBrowser signIn(TestUser user, OneTimeCodes codes) {
        WebDriver browser = driver();
        browser.get(base() + "/console");
        assertTrue(browser.getCurrentUrl().contains("/realms/agency-verify/"), "signed out: Keycloak's sign-in first, not " + browser.getCurrentUrl());
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(user.username());
        browser.findElement(By.id("password")).sendKeys(user.password());
        browser.findElement(By.id("kc-login")).click();
        if (user.totpSecret() != null) {
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("otp"))).sendKeys(codes.next(user.totpSecret()));
            browser.findElement(By.id("kc-login")).click();
        }
        try {
            wait.until(d -> d.getCurrentUrl().startsWith(base()) && !d.findElements(By.tagName("main")).isEmpty()
                    && "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        } catch (org.openqa.selenium.TimeoutException e) {
            String page = browser.getPageSource();
            throw new AssertionError("sign-in did not end on the console: " + browser.getCurrentUrl() + "\n"
                    + page.substring(0, Math.min(page.length(), 2000)), e);
        }
        return this;
    }

    /** Opens a console page (path from the root) and waits until it has loaded. */
    ConsoleBrowser open(String path) {
        driver().get(base() + path);
        new WebDriverWait(driver(), PATIENCE).until(d -> !d.findElements(By.tagName("main")).isEmpty()
                && "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        return this;
    }

    String heading() {
        return BrowserPages.heading(driver());
    }

    String main() {
        return driver().findElement(By.tagName("main")).getText();
    }

    /** Clicks the button and waits for the next page to replace this one (and to show its main). */
    void submit(By button) {
        WebElement current = driver().findElement(By.tagName("main"));
        new WebDriverWait(driver(), PATIENCE).until(ExpectedConditions.elementToBeClickable(button)).click();
        awaitNextPage(current);
    }

    /** Presses keys as a person does (real key events through the driver, not element.focus() or click()). */
    void press(CharSequence... keys) {
        new Actions(driver()).sendKeys(keys).perform();
    }

    /** Presses the key on the focused element and waits for the next page (a form sent from the keyboard). */
    void pressForNextPage(CharSequence key) {
        WebElement current = driver().findElement(By.tagName("main"));
        press(key);
        awaitNextPage(current);
    }

    private void awaitNextPage(WebElement current) {
        BrowserPages.awaitReplaced(driver(), current);
        new WebDriverWait(driver(), PATIENCE).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> !d.findElements(By.tagName("main")).isEmpty()
                        && "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /**
     * Posts a form of this page's shape, built in the page, with the fields given (name, value pairs):
     * what another site's page could send, or this page with its token changed. Waits for the answer.
     */
    void post(String action, String... fields) {
        WebElement current = driver().findElement(By.tagName("main"));
        driver().executeScript("const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
                + "const a = arguments[1]; for (let i = 0; i + 1 < a.length; i += 2) {"
                + " const e = document.createElement('input'); e.type = 'hidden'; e.name = a[i]; e.value = a[i + 1]; f.appendChild(e); }"
                + "document.body.appendChild(f); f.submit();", action, List.of(fields));
        awaitNextPage(current);
    }

    /** A REST Assured request that carries this browser's console session cookies (to read the answer's headers). */
    RequestSpecification asThisBrowser() {
        RequestSpecification request = RestAssured.given().redirects().follow(false);
        for (Cookie cookie : driver().manage().getCookies()) {
            request = request.cookie(cookie.getName(), cookie.getValue());
        }
        return request;
    }

    /** The page at 360 CSS pixels wide (a phone; Chromium's device emulation) scrolls no wider than that. */
    void assertNoHorizontalScrollAt360() {
        at360(() -> {
            long inner = ((Number) driver().executeScript("return window.innerWidth")).longValue();
            long scroll = ((Number) driver().executeScript("return document.documentElement.scrollWidth")).longValue();
            assertEquals(360, inner, "the emulated width");
            assertTrue(scroll <= 360, "scrollWidth " + scroll + " at 360 px on " + driver().getCurrentUrl());
        });
    }

    /** Runs the checks with the browser 360 CSS pixels wide (a phone; Chromium's device emulation), then restores it. */
    void at360(Runnable checks) {
        driver().executeCdpCommand("Emulation.setDeviceMetricsOverride",
                java.util.Map.of("width", 360, "height", 800, "deviceScaleFactor", 1, "mobile", true));
        try {
            checks.run();
        } finally {
            driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
        }
    }

    /** axe-core from npm (package.json; `make test` installs it), read once. */
    private static String axe;

    private static synchronized String axe() {
        if (axe == null) {
            java.nio.file.Path file = java.nio.file.Path.of("node_modules/axe-core/axe.min.js");
            assertTrue(java.nio.file.Files.isRegularFile(file), "no " + file + ": run `make test` (or `npm ci`) once to install axe-core");
            try {
                axe = java.nio.file.Files.readString(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return axe;
    }

    /**
     * axe-core on the page as shown: no serious or critical violation of WCAG 2.0, 2.1 and 2.2 A and AA.
     * The script is the test's, run by the driver; the page itself still runs none.
     */
    void assertAccessible() {
        driver().executeScript(axe());
        Object found = driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })"
                + ".then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))"
                + ".catch(e => done(['axe failed: ' + e]));");
        assertEquals(List.of(), found, "axe-core on " + driver().getCurrentUrl());
    }

    static void assertConsoleHeaders(io.restassured.response.Response response) {
        String csp = response.header("Content-Security-Policy");
        assertEquals(ConsolePages.CSP, csp);
        assertTrue(!csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals("nosniff", response.header("X-Content-Type-Options"));
        assertEquals("no-referrer", response.header("Referrer-Policy"));
        assertEquals("DENY", response.header("X-Frame-Options"));
    }

    @Override
    public void close() {
        chromium.close();
    }
}
