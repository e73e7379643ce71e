package org.agencyverify.packaged;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.agencyverify.support.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The README's pictures of the console: an operator signs in to the service `make run` started (the demo
 * data) and each main page is captured whole, 1200 CSS pixels wide, to NAME.png in target/console-screenshots,
 * or in the directory the system property {@code agency-verify.screenshots} names (`make screenshots`:
 * docs/console, the README's copies). A test run leaves the committed pictures alone.
 */
final class ConsoleScreenshots implements AutoCloseable {

    static final Path DIRECTORY = Path.of(System.getProperty("agency-verify.screenshots", "target/console-screenshots"));
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final HeadlessChromium chromium = new HeadlessChromium();
    private final String base;

    ConsoleScreenshots(String base) {
        this.base = base;
    }

    /** Password, then a one-time code from {@code code} (asked only when Keycloak shows the field). */
    ConsoleScreenshots signIn(String username, String password, Supplier<String> code) {
        ChromeDriver browser = chromium.driver();
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1200, "height", 800, "deviceScaleFactor", 1, "mobile", false));
        browser.get(base + "/console");
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("otp"))).sendKeys(code.get());
        browser.findElement(By.id("kc-login")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(base) && !d.findElements(By.tagName("main")).isEmpty());
        return this;
    }

    /** Each page (name to path), whole, as DIRECTORY/NAME.png; the page titles and files written, in order. */
    Map<String, Path> capture(Map<String, String> pages) throws IOException {
        ChromeDriver browser = chromium.driver();
        Files.createDirectories(DIRECTORY);
        Map<String, Path> written = new LinkedHashMap<>();
        for (Map.Entry<String, String> page : pages.entrySet()) {
            browser.get(base + page.getValue());
            new WebDriverWait(browser, PATIENCE).until(d -> !d.findElements(By.tagName("main")).isEmpty()
                    && "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
            Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot",
                    Map.of("format", "png", "captureBeyondViewport", true));
            Path file = DIRECTORY.resolve(page.getKey() + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            written.put(browser.findElement(By.tagName("h1")).getText(), file);
        }
        return written;
    }

    @Override
    public void close() {
        chromium.close();
    }
}
