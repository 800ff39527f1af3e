package dev.quarry.dashboard.web;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Steps on the analyst page that browser tests share: opening it and signing in with a token.
 * Shared with other modules' tests through this module's test jar.
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
}
