package anquanli;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Headless Chromium from the machine's packages (/usr/bin/chromium and its chromedriver; .ci/run installs them),
 * driven by Selenium, for the tests that walk a person's paths through the pages. Screenshots go to
 * target/screenshots, downloads to a directory of their own.
 */
public final class Browser implements AutoCloseable {

    private final WebDriver driver;
    private final String name;
    private final Path downloads;
    private int shots;

    public Browser(String name) throws IOException, InterruptedException {
        // Without a font with Chinese glyphs the pages still work but every screenshot shows boxes (.ci/run installs
        // one): say so rather than keep unreadable evidence.
        Process fonts = new ProcessBuilder("fc-list", ":lang=zh").redirectErrorStream(true).start();
        String found = new String(fonts.getInputStream().readAllBytes());
        if (fonts.waitFor() != 0 || found.isBlank()) {
            throw new IllegalStateException("No font with Chinese glyphs installed (fc-list :lang=zh is empty)");
        }
        this.name = name;
        this.downloads = Path.of("target", "downloads", name).toAbsolutePath();
        if (Files.exists(downloads)) {
            try (var old = Files.list(downloads)) {
                for (Path f : old.toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(downloads);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("anquanli.chromium", "/usr/bin/chromium"));
        // As the machine's probe starts it: no sandbox as root, and nothing that calls out to Google's servers
        // (this machine's closed network refuses those connections, many at a time).
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=zh-CN",
                "--user-data-dir=" + Files.createTempDirectory("chromium-" + name));
        // Downloads go to the directory, PDFs included (rather than into Chromium's viewer), and a page may start more
        // than one (a person would be asked once to allow that).
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false, "plugins.always_open_pdf_externally", true,
                "profile.default_content_setting_values.automatic_downloads", 1));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("anquanli.chromedriver", "/usr/bin/chromedriver")).toFile())
                .build();
        this.driver = new ChromeDriver(service, options);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** The element once it is visible (pages render after their API calls answer). */
    /**
     * The non-blank text of an element, read in one step: pages redraw an element (a question after it loads), and a
     * reference taken before the redraw goes stale.
     */
    public String text(By by) {
        return until(d -> {
            try {
                String t = d.findElement(by).getText();
                return t.isBlank() ? null : t;
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
                return null;
            }
        });
    }

    public WebElement visible(By by) {
        return until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public WebElement clickable(By by) {
        return until(ExpectedConditions.elementToBeClickable(by));
    }

    /**
     * Waits up to 20 s; if the page never gets there, the failure says where the browser was and what the page's
     * error banner said, and leaves a screenshot.
     */
    public <T> T until(java.util.function.Function<? super WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(20)).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            String shot;
            try {
                shot = screenshot("timeout").toString();
            } catch (IOException io) {
                shot = "no screenshot: " + io;
            }
            throw new AssertionError("Waited in vain at " + driver.getCurrentUrl() + " (error banner: '" + error()
                    + "', " + shot + "): " + e.getMessage(), e);
        }
    }

    public void click(By by) {
        clickable(by).click();
    }

    public void type(By by, String text) {
        WebElement e = visible(by);
        e.clear();
        e.sendKeys(text);
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** Waits until the element's text contains {@code text}, and returns the text. */
    public String waitForText(By by, String text) {
        until(ExpectedConditions.textToBePresentInElementLocated(by, text));
        return driver.findElement(by).getText();
    }

    /**
     * Resizes the window (a tablet, a phone): the elements that stick out to the right, so that the page would scroll
     * sideways; empty when it fits. Charts redraw a moment after a resize, so the page gets up to 3 s to settle.
     */
    public List<String> overflowAt(int width, int height) throws InterruptedException {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
        List<String> wide = List.of();
        long until = System.currentTimeMillis() + 3_000;
        do {
            @SuppressWarnings("unchecked")
            List<String> now = (List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("""
                    const w = document.documentElement.clientWidth;
                    return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)
                      .map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().right));
                    """);
            wide = now;
            if (wide.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < until);
        return wide;
    }

    /** The page's error banner, empty when none is shown. */
    public String error() {
        List<WebElement> banner = driver.findElements(By.id("error"));
        return banner.isEmpty() || !banner.get(0).isDisplayed() ? "" : banner.get(0).getText();
    }

    /** A screenshot kept as test output: target/screenshots/<browser name>-<n>-<step>.png. */
    public Path screenshot(String step) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Path file = dir.resolve(String.format("%s-%02d-%s.png", name, ++shots, step));
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file,
                StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /** A file the page downloaded, once it is complete. */
    public Path downloaded(String suffix) throws InterruptedException, IOException {
        long until = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < until) {
            try (var files = Files.list(downloads)) {
                var done = files.filter(f -> f.toString().endsWith(suffix)).findFirst();
                if (done.isPresent()) {
                    return done.get();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No " + suffix + " downloaded into " + downloads + " (error banner: '" + error()
                + "', " + screenshot("no-download") + ")");
    }

    @Override
    public void close() {
        driver.quit();
    }
}
