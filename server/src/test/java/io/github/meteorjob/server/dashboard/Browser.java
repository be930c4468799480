package io.github.meteorjob.server.dashboard;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;

/**
 * Headless Debian Chromium driven through {@code /usr/bin/chromedriver} (or {@code -Dmj.chromedriver}),
 * never through Selenium Manager: nothing is downloaded. Tests using it skip, saying why, when the
 * driver is missing.
 */
final class Browser implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(Long.getLong("mj.browser.wait.seconds", 20));

    final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    static Browser open() {
        Path chromedriver = Path.of(System.getProperty("mj.chromedriver", "/usr/bin/chromedriver"));
        Path chromium = Path.of(System.getProperty("mj.chromium", "/usr/bin/chromium"));
        Assumptions.assumeTrue(Files.isExecutable(chromedriver) && Files.isExecutable(chromium),
                "browser tests need Chromium and its driver: " + chromedriver + " / " + chromium
                        + " missing (Debian: apt-get install chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1360,900", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options));
    }

    void get(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        }, "element " + css);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Clicks the first element matching {@code css}, again if it was re-rendered under the click. */
    void click(String css) {
        until(d -> {
            find(css).click();
            return true;
        }, "a click on " + css);
    }

    <T> T until(Function<WebDriver, T> condition, String what) {
        // the pages re-render as data arrives: an element found a moment ago may be gone, try again
        return new WebDriverWait(driver, WAIT).withMessage(() -> "waiting for " + what + "; browser log: " + log())
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** The rendered text of the first element matching {@code css}, read in one step (no stale element). */
    String text(String css) {
        return until(d -> (String) driver.executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css), "element " + css);
    }

    /** An attribute of the first element matching {@code css}, or {@code null}. */
    String attribute(String css, String name) {
        return (String) driver.executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;", css, name);
    }

    /** Like {@link #text} but {@code null} at once when nothing matches. */
    String textOrNull(String css) {
        return (String) driver.executeScript("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css);
    }

    /**
     * Saves a PNG of the page into {@code target/dashboard-screenshots/}, or, with
     * {@code -Ddashboard.screenshots=docs}, into the repository's {@code docs/images/} (to refresh the pictures
     * the docs show; a plain test run must not change the checkout).
     */
    void screenshot(String name) throws IOException {
        Path images = "docs".equals(System.getProperty("dashboard.screenshots"))
                ? repositoryRoot().resolve("docs/images")
                : Path.of("target", "dashboard-screenshots").toAbsolutePath();
        Files.createDirectories(images);
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), images.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    String log() {
        StringBuilder out = new StringBuilder();
        try {
            driver.manage().logs().get(LogType.BROWSER).forEach(e -> out.append('\n').append(e.getLevel()).append(' ').append(e.getMessage()));
        } catch (RuntimeException e) {
            out.append("(no browser log: ").append(e.getMessage()).append(')');
        }
        return out.toString();
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        return Files.isDirectory(dir.resolve("docs")) ? dir : dir.getParent();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
