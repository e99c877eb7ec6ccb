package io.jcast.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.server.LoopbackRig;
import io.jcast.testkit.Environment;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.TransferResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in Debian's headless Chromium (no driver download), on localhost only: log in, create a
 * session, see two checked-in receivers join and reach 100%, then edit a setting; type into a session's
 * field during live updates.
 */
@Tag("browser")
class BrowserIT {
    @TempDir
    Path dir;

    @Test
    void createSessionWatchReceiversReachHundredPercentAndEditSettings() throws Exception {
        Environment.assumePrograms("chromium", "chromium");
        Environment.assumePrograms("chromium-driver", "chromedriver");
        try (LoopbackRig rig = new LoopbackRig(dir.resolve("rig")); Browser browser = Browser.start(dir)) {
            writeImage(rig, "disk.img", 1_500_000);

            // The dashboard patches its cards in place: an element found once stays valid (no staleness ignored).
            WebDriver driver = browser.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            logIn(driver, wait, rig);

            driver.findElement(By.id("name")).sendKeys("browser");
            driver.findElement(By.id("image")).sendKeys("disk.img");
            WebElement expected = driver.findElement(By.id("expected"));
            expected.clear();
            expected.sendKeys("2");
            driver.findElement(By.id("create")).click();
            By session = By.cssSelector("div.session[data-session='browser']");
            wait.until(d -> !d.findElements(session).isEmpty()
                    && d.findElement(session).findElement(By.cssSelector(".state")).getText().equals("WAITING"));
            // the rig sends on lo: the pre-flight warns that multicast there never leaves the host (and fails
            // where lo has no multicast route, as inside bin/test's unshare -n)
            WebElement preflight = driver.findElement(session).findElement(By.cssSelector(".preflight"));
            wait.until(d -> preflight.isDisplayed() && (preflight.getText().startsWith("Pre-flight warn: lo: ")
                    || preflight.getText().startsWith("Pre-flight fail: lo: "))
                    && preflight.getText().contains("loopback"));

            List<Future<List<TransferResult>>> receivers = List.of(rig.receiver("browser", 0),
                    rig.receiver("browser", 1));
            wait.until(d -> d.findElement(session).findElement(By.cssSelector(".state")).getText()
                    .equals("COMPLETE"));
            wait.until(d -> {
                List<WebElement> rows = d.findElement(session).findElements(By.cssSelector("tr[data-address]"));
                return rows.size() == 2 && rows.stream().allMatch(r ->
                        r.findElement(By.cssSelector(".percent")).getText().equals("100")
                        && r.findElement(By.cssSelector(".rstate")).getText().equals("COMPLETED")
                        && r.findElement(By.cssSelector("td:last-child")).getText().startsWith("exit 0"));
            });
            wait.until(d -> {
                WebElement s = d.findElement(session);
                WebElement bar = s.findElement(By.cssSelector(".bar"));
                return s.findElement(By.cssSelector(".title .percent")).getText().equals("100%")
                        && s.findElement(By.cssSelector(".joined")).getText().equals("2 / 2 receivers")
                        && bar.getSize().getWidth() == bar.findElement(By.cssSelector("span")).getSize().getWidth();
            });
            driver.findElement(session).findElement(By.cssSelector(".log-toggle")).click();
            wait.until(d -> {
                List<WebElement> log = d.findElements(
                        By.cssSelector("div.session[data-session='browser'] pre.log"));
                return !log.isEmpty()
                        && log.get(0).getText().contains("starting: 2 of 2 expected receivers joined")
                        && log.get(0).getText().contains("complete: 2 of 2 receivers finished");
            });
            for (Future<List<TransferResult>> f : receivers) {
                assertEquals(ExitCode.OK, f.get(30, TimeUnit.SECONDS).get(0).exitCode());
            }

            driver.get(rig.server.url() + "settings.html");
            WebElement maxWait = driver.findElement(By.name("maxWaitSeconds"));
            wait.until(d -> !maxWait.getAttribute("value").isEmpty());
            assertEquals("lo", driver.findElement(By.name("interface")).getAttribute("value"));
            maxWait.clear();
            maxWait.sendKeys("123");
            driver.findElement(By.id("save")).click();
            wait.until(d -> d.findElement(By.id("settings-status")).getText().equals("saved"));
            assertTrue(rig.admin.get("/api/settings").body().contains("\"maxWaitSeconds\":\"123\""));

            driver.get(rig.server.url() + "diagnostics.html");
            driver.findElement(By.id("diag-iface")).sendKeys("lo");
            driver.findElement(By.id("diag-run")).click();
            wait.until(d -> !d.findElement(By.id("diag-verdict")).getText().isEmpty());
            assertTrue(driver.findElements(By.cssSelector("tr.check[data-check='interface']")).size() >= 1);
        }
    }

    /**
     * The issue this guards against: every live update rebuilt the list, so a value being typed was lost with
     * its focus. While one session's progress moves, an admin types into another's expected-count field.
     */
    @Test
    void typingInExpectedReceiversSurvivesLiveUpdatesAndErrorsShowInThePage() throws Exception {
        Environment.assumePrograms("chromium", "chromium");
        Environment.assumePrograms("chromium-driver", "chromedriver");
        try (LoopbackRig rig = new LoopbackRig(dir.resolve("rig")); Browser browser = Browser.start(dir)) {
            writeImage(rig, "big.img", 4_000_000);
            // 4 MB at 2 Mbit/s: about 16 s of progress updates.
            assertEquals(201, rig.admin.post("/api/sessions", "{\"name\":\"busy\",\"image\":\"big.img\","
                    + "\"expectedReceivers\":2,\"maxBitrate\":\"2m\"}").status());
            assertEquals(201, rig.admin.post("/api/sessions", "{\"name\":\"idle\",\"image\":\"big.img\","
                    + "\"expectedReceivers\":5,\"maxWaitSeconds\":600}").status());
            WebDriver driver = browser.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            logIn(driver, wait, rig);
            WebElement busy = wait.until(d -> d.findElement(By.cssSelector("div.session[data-session='busy']")));
            WebElement idle = wait.until(d -> d.findElement(By.cssSelector("div.session[data-session='idle']")));
            List<Future<List<TransferResult>>> receivers = List.of(rig.receiver("busy", 0), rig.receiver("busy", 1));
            WebElement busyPercent = busy.findElement(By.cssSelector(".title .percent"));
            wait.until(d -> !busyPercent.getText().equals("0%") && !busyPercent.getText().equals("100%"));

            WebElement field = idle.findElement(By.cssSelector(".expected-edit"));
            wait.until(d -> field.isDisplayed() && field.getAttribute("value").equals("5"));
            field.click();
            field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
            Set<String> progressSeen = new HashSet<>();
            String typed = "";
            for (char c : "1234".toCharArray()) {
                field.sendKeys(String.valueOf(c));
                typed += c;
                for (int i = 0; i < 3; i++) {   // 4 keys, 750 ms apart: 3 s of live updates
                    Thread.sleep(250);
                    progressSeen.add(busyPercent.getText());
                    assertEquals(field, driver.switchTo().activeElement(), "focus after typing '" + typed + "'");
                    assertEquals(typed, field.getAttribute("value"));
                }
            }
            assertTrue(progressSeen.size() >= 2, "progress moved while typing: " + progressSeen);

            idle.findElement(By.cssSelector(".set-expected")).click();
            WebElement error = driver.findElement(By.id("page-error"));
            wait.until(d -> error.isDisplayed());
            assertEquals("alert", error.getAttribute("role"));
            assertTrue(error.getText().contains("expectedReceivers must be 1..1024, got 1234"), error.getText());
            assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
            assertEquals("1234", field.getAttribute("value"), "a refused value stays for the admin to fix");

            field.sendKeys(Keys.chord(Keys.CONTROL, "a"), "3", Keys.ENTER);
            WebElement joined = idle.findElement(By.cssSelector(".joined"));
            wait.until(d -> joined.getText().equals("0 / 3 receivers") && !error.isDisplayed());
            for (Future<List<TransferResult>> f : receivers) {
                assertEquals(ExitCode.OK, f.get(60, TimeUnit.SECONDS).get(0).exitCode());
            }
        }
    }

    private static void writeImage(LoopbackRig rig, String name, int size) throws Exception {
        byte[] image = new byte[size];
        new Random(5).nextBytes(image);
        Files.write(rig.images.resolve(name), image);
    }

    private static void logIn(WebDriver driver, WebDriverWait wait, LoopbackRig rig) {
        driver.get(rig.server.url());
        driver.findElement(By.id("password")).sendKeys(LoopbackRig.PASSWORD);
        driver.findElement(By.id("login")).click();
        wait.until(d -> !d.findElements(By.id("logout")).isEmpty());
    }

    /** Debian's headless Chromium and its driver by their paths (no driver download), a profile in dir. */
    private record Browser(ChromeDriverService service, WebDriver driver) implements AutoCloseable {
        static Browser start(Path dir) throws Exception {
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Environment.which("chromedriver").orElseThrow().toFile())
                    .usingAnyFreePort().build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(Environment.which("chromium").orElseThrow().toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                    "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
            try {
                return new Browser(service, new ChromeDriver(service, options));
            } catch (RuntimeException e) {
                service.stop();
                throw e;
            }
        }

        @Override
        public void close() {
            driver.quit();
            service.stop();
        }
    }
}
