package learning.console.internal.health;

import learning.console.internal.json.JsonOutput;

/** Bodies of the health endpoints. */
public final class HealthJson {
    private HealthJson() {
    }

    /** @return {@code {"status":"UP"}} */
    public static String live() {
        return JsonOutput.write(out -> out.beginObject().name("status").value("UP").endObject());
    }

    /**
     * @param report a readiness report
     * @return {@code {"status","database","components_checked","not_ready":[{"bundle","component","state","detail"}]}}
     */
    public static String ready(ReadinessCheck.Report report) {
        return JsonOutput.write(out -> {
            out.beginObject();
            out.name("status").value(report.ready() ? "UP" : "DOWN");
            out.name("database").value(report.databaseUp() ? "UP" : "DOWN");
            out.name("components_checked").value(report.componentsChecked());
            out.name("not_ready").beginArray();
            for (NotReady n : report.notReady()) {
                out.beginObject();
                out.name("bundle").value(n.bundle());
                out.name("component").value(n.component());
                out.name("state").value(n.state());
                out.name("detail").value(n.detail());
                out.endObject();
            }
            out.endArray();
            out.endObject();
        });
    }
}
