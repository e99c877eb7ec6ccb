package io.jcast.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.server.LoopbackRig;
import io.jcast.testkit.Environment;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.TransferResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in Debian's headless Chromium (no driver download), on localhost only: log in, create a
 * session, see two checked-in receivers join and reach 100%, then edit a setting.
 */
class BrowserIT {
    @TempDir
    Path dir;

    @Test
    void createSessionWatchReceiversReachHundredPercentAndEditSettings() throws Exception {
        Environment.assumePrograms("chromium", "chromium");
        Environment.assumePrograms("chromium-driver", "chromedriver");
        try (LoopbackRig rig = new LoopbackRig(dir.resolve("rig"))) {
            byte[] image = new byte[1_500_000];
            new Random(5).nextBytes(image);
            Files.write(rig.images.resolve("disk.img"), image);

            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Environment.which("chromedriver").orElseThrow().toFile())
                    .usingAnyFreePort().build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(Environment.which("chromium").orElseThrow().toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                    "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
            WebDriver driver = new ChromeDriver(service, options);
            try {
                // The dashboard re-renders on every live update: elements found a moment ago may be gone.
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
                wait.ignoring(StaleElementReferenceException.class);
                driver.get(rig.server.url());
                driver.findElement(By.id("password")).sendKeys(LoopbackRig.PASSWORD);
                driver.findElement(By.id("login")).click();
                wait.until(d -> !d.findElements(By.id("logout")).isEmpty());

                driver.findElement(By.id("name")).sendKeys("browser");
                driver.findElement(By.id("image")).sendKeys("disk.img");
                WebElement expected = driver.findElement(By.id("expected"));
                expected.clear();
                expected.sendKeys("2");
                driver.findElement(By.id("create")).click();
                By session = By.cssSelector("div.session[data-session='browser']");
                wait.until(d -> !d.findElements(session).isEmpty()
                        && d.findElement(session).findElement(By.cssSelector(".state")).getText().equals("WAITING"));

                List<Future<List<TransferResult>>> receivers = List.of(rig.receiver("browser", 0),
                        rig.receiver("browser", 1));
                wait.until(d -> d.findElement(session).findElement(By.cssSelector(".state")).getText()
                        .equals("COMPLETE"));
                wait.until(d -> {
                    List<WebElement> rows = d.findElement(session).findElements(By.cssSelector("tr[data-address]"));
                    return rows.size() == 2 && rows.stream().allMatch(r ->
                            r.findElement(By.cssSelector(".percent")).getText().equals("100")
                            && r.findElement(By.cssSelector(".rstate")).getText().equals("COMPLETED"));
                });
                wait.until(d -> {
                    WebElement s = d.findElement(session);
                    WebElement bar = s.findElement(By.cssSelector(".bar"));
                    return s.findElement(By.cssSelector(".title .percent")).getText().equals("100%")
                            && s.findElement(By.cssSelector(".joined")).getText().equals("2 / 2 receivers")
                            && bar.getSize().getWidth() == bar.findElement(By.cssSelector("span")).getSize().getWidth();
                });
                wait.until(d -> {
                    d.findElement(session).findElement(By.cssSelector(".log-toggle")).click();
                    return true;
                });
                wait.until(d -> {
                    List<WebElement> log = d.findElements(
                            By.cssSelector("div.session[data-session='browser'] pre.log"));
                    return !log.isEmpty()
                            && log.get(0).getText().contains("starting: 2 of 2 expected receivers joined")
                            && log.get(0).getText().contains("complete: all receivers complete");
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
            } finally {
                driver.quit();
                service.stop();
            }
        }
    }
}
