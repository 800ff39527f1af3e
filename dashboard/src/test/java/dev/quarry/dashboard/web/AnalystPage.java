package dev.quarry.dashboard.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Steps on the analyst page that browser tests share: opening it, signing in with a token, reading
 * text, waiting and keeping screenshots. Shared with other modules' tests through this module's
 * test jar.
 */
public final class AnalystPage {
    private AnalystPage() {}

    /**
     * Opens the page at {@code url} signed in as {@code name}: a session of that name from an
     * earlier test is kept, one of another name is signed out, and the sign-in form gets
     * {@code token}. Returns once the alert list is shown.
     */
    public static void open(WebDriver browser, String url, String token, String name, Duration timeout) {
        browser.get(url);
        WebDriverWait wait = new WebDriverWait(browser, timeout);
        wait.until(d -> isShown(d, "sign-in") || isShown(d, "app"));
        if (isShown(browser, "app") && !name.equals(browser.findElement(By.id("account-name")).getText())) {
            browser.findElement(By.id("sign-out")).click();
            wait.until(d -> isShown(d, "sign-in"));
        }
        if (isShown(browser, "sign-in")) {
            signIn(browser, token);
        }
        wait.until(d -> isShown(d, "app"));
    }

    /**
     * Whether the ECharts chart in the element with this id has been drawn: it has an ECharts
     * instance with at least {@code series} series, and its canvas has pixels that are not blank.
     */
    public static boolean chartDrawn(WebDriver browser, String id, int series) {
        Object drawn = ((JavascriptExecutor) browser).executeScript(
                "var el = document.getElementById(arguments[0]);"
                        + "if (!el || !window.echarts) { return false; }"
                        + "var chart = echarts.getInstanceByDom(el);"
                        + "if (!chart || chart.getOption().series.length < arguments[1]) { return false; }"
                        + "var canvas = el.querySelector('canvas');"
                        + "if (!canvas || !canvas.width || !canvas.height) { return false; }"
                        + "var data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;"
                        + "for (var i = 3; i < data.length; i += 4) { if (data[i] !== 0) { return true; } }"
                        + "return false;",
                id, series);
        return Boolean.TRUE.equals(drawn);
    }

    /** Types the token into the sign-in form and submits it. */
    public static void signIn(WebDriver browser, String token) {
        WebElement input = browser.findElement(By.id("token"));
        input.clear();
        input.sendKeys(token);
        browser.findElement(By.id("sign-in-submit")).click();
    }

    /** Whether the element with this id is displayed. */
    public static boolean isShown(WebDriver browser, String id) {
        return !browser.findElements(By.id(id)).isEmpty() && browser.findElement(By.id(id)).isDisplayed();
    }

    /** Runs a script in the page. */
    public static Object js(WebDriver browser, String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** Text content read in one script call, so a re-render in between cannot make it stale; empty when absent. */
    public static String textOf(WebDriver browser, String selector) {
        return String.valueOf(js(browser, "var e = document.querySelector(arguments[0]); return e ? e.textContent : '';",
                selector));
    }

    /** Waits up to 10 s; on a timeout the error carries the page's script errors and text. */
    public static void waitUntil(WebDriver browser, Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(condition::apply);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out; script errors " + js(browser, "return window.__errors;") + "; page: "
                    + js(browser, "var a = document.getElementById('app'); return location.hash + ' ' "
                            + "+ (a ? a.textContent.replace(/\\s+/g, ' ').slice(0, 3000) : '');"), e);
        }
    }

    /** The alert list's row for {@code alertId}, once it is there. */
    public static WebElement waitForAlertRow(WebDriver browser, String alertId) {
        By row = By.cssSelector("table#alerts tbody tr[data-alert-id='" + alertId + "']");
        waitUntil(browser, d -> !d.findElements(row).isEmpty());
        return browser.findElement(row);
    }

    /** Keeps what the browser shows as {@code target/screenshots/<name>.png}, for review. */
    public static void screenshot(WebDriver browser, String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sleeps, keeping the interrupt. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
