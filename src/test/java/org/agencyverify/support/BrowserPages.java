package org.agencyverify.support;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Reading server-rendered pages in a real browser without racing its navigations: every read waits for
 * the page that answers, and a node of a page being replaced (stale, or "does not belong to the document"
 * in Chromium's words) is read again from the new one.
 */
public final class BrowserPages {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private BrowserPages() {}

    /** Clicks the button and waits for the next page to replace this one. */
    public static void submit(WebDriver browser, String buttonId) {
        WebElement button = new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.elementToBeClickable(By.id(buttonId)));
        WebElement current = browser.findElement(By.tagName("main"));
        button.click();
        awaitReplaced(browser, current);
    }

    /** Waits until the page that held {@code node} has been replaced by the next one. */
    public static void awaitReplaced(WebDriver browser, WebElement node) {
        new WebDriverWait(browser, PATIENCE).until(d -> gone(node));
    }

    /**
     * Whether the node no longer belongs to the live page. Selenium's stalenessOf counts only a stale
     * reference; Chromium may instead say the node "does not belong to the document" (a plain
     * WebDriverException) while the next page replaces it: that is gone too, not a failure.
     */
    private static boolean gone(WebElement node) {
        try {
            node.isEnabled();
            return false;
        } catch (WebDriverException replaced) {
            return true;
        }
    }

    /** The page's title once the page shows one. */
    public static String heading(WebDriver browser) {
        return read(browser, By.tagName("h1"));
    }

    /** The element's text once the page shows it. */
    public static String text(WebDriver browser, String id) {
        return read(browser, By.id(id));
    }

    /** Goes back in history and waits until the restored page has loaded and shows the element. */
    public static void back(WebDriver browser, String cssSelector) {
        browser.navigate().back();
        try {
            new WebDriverWait(browser, PATIENCE).ignoring(WebDriverException.class)
                    .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState"))
                            && !d.findElements(By.cssSelector(cssSelector)).isEmpty());
        } catch (TimeoutException e) {
            throw new AssertionError("no " + cssSelector + " after going back: " + describe(browser), e);
        }
    }

    private static String read(WebDriver browser, By what) {
        try {
            return new WebDriverWait(browser, PATIENCE).ignoring(WebDriverException.class)
                    .until(d -> d.findElement(what).getText());
        } catch (TimeoutException e) {
            // Name the page that came instead, so a failure says which answer the service gave.
            throw new AssertionError("no " + what + " on " + describe(browser), e);
        }
    }

    private static String describe(WebDriver browser) {
        List<WebElement> main = browser.findElements(By.tagName("main"));
        return browser.getCurrentUrl() + ": " + (main.isEmpty() ? browser.getPageSource() : main.get(0).getText());
    }
}
