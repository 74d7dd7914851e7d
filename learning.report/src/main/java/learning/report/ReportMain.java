package learning.report;

import java.nio.file.Files;
import java.nio.file.Path;

import learning.replay.internal.PriceHistory;
import learning.replay.internal.ReplaySettings;

/** Temporary timing harness. */
public final class ReportMain {
    public static void main(String[] args) throws Exception {
        ReplaySettings s = ReplaySettings.defaults().withDays(Integer.getInteger("report.days", 365));
        PriceHistory prices = PriceHistory.load(null, "ETH", s.hoursNeeded(), s.seed());
        Path work = Files.createTempDirectory("report");
        ReplayRun r = ReplayRun.run("learned", InProcessEngine.Learning.LEARNED, s, prices, work,
                Boolean.getBoolean("report.file"));
        System.out.println(r.result());
        System.out.println(r.karma());
        System.out.println(r.finalWeights());
    }
}
