package learning.console.internal.ingest;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

import com.google.gson.stream.JsonWriter;

import learning.api.ledger.Direction;
import learning.api.ledger.Position;
import learning.api.ledger.PositionClose;
import learning.api.ledger.PositionStatus;
import learning.console.internal.json.JsonInput;
import learning.console.internal.json.JsonOutput;
import learning.console.internal.validation.Check;

/** Positions and their closing on the wire. */
final class PositionJson {
    private PositionJson() {
    }

    /**
     * Reads an open (or upsert) request:
     * {@code {"id","symbol","direction","opened_at","conviction_id","regime_at_entry","entry_price","size_usd","max_drawdown_during"}}.
     */
    static Position readOpen(JsonInput in) throws IOException {
        String id = null;
        String symbol = null;
        String direction = null;
        Instant openedAt = null;
        String convictionId = null;
        String regime = null;
        Double entryPrice = null;
        Double sizeUsd = null;
        Double drawdown = null;
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "id" -> id = in.string();
                case "symbol" -> symbol = in.string();
                case "direction" -> direction = in.string();
                case "opened_at" -> openedAt = in.instant();
                case "conviction_id" -> convictionId = in.string();
                case "regime_at_entry" -> regime = in.string();
                case "entry_price" -> entryPrice = in.number();
                case "size_usd" -> sizeUsd = in.number();
                case "max_drawdown_during" -> drawdown = in.number();
                default -> in.skipValue();
            }
        }
        in.endObject();
        return new Position(
                Check.text("id", id, Limits.ID),
                Check.text("symbol", symbol, Limits.SYMBOL).strip().toUpperCase(Locale.ROOT),
                Check.oneOf("direction", direction, Direction.class),
                PositionStatus.OPEN,
                Check.present("opened_at", openedAt),
                null,
                null,
                Check.optionalText("conviction_id", convictionId, Limits.ID),
                Check.optionalText("regime_at_entry", regime, Limits.LABEL),
                drawdown,
                Check.optionalPositive("entry_price", entryPrice),
                null,
                Check.optionalPositive("size_usd", sizeUsd));
    }

    /** Reads a close request: {@code {"closed_at","realized_pnl","max_drawdown_during","exit_price"}}. */
    static PositionClose readClose(JsonInput in) throws IOException {
        Instant closedAt = null;
        Double pnl = null;
        Double drawdown = null;
        Double exitPrice = null;
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "closed_at" -> closedAt = in.instant();
                case "realized_pnl" -> pnl = in.number();
                case "max_drawdown_during" -> drawdown = in.number();
                case "exit_price" -> exitPrice = in.number();
                default -> in.skipValue();
            }
        }
        in.endObject();
        return new PositionClose(
                Check.present("closed_at", closedAt),
                Check.present("realized_pnl", pnl),
                drawdown,
                Check.optionalPositive("exit_price", exitPrice));
    }

    /** Writes the members of a position (inside an object the caller opened). */
    static void writeMembers(JsonWriter out, Position p) throws IOException {
        out.name("id").value(p.id());
        out.name("symbol").value(p.symbol());
        out.name("direction").value(p.direction() == null ? null : p.direction().wireName());
        out.name("status").value(p.status() == null ? null : p.status().wireName());
        JsonOutput.instant(out, "opened_at", p.openedAt());
        JsonOutput.instant(out, "closed_at", p.closedAt());
        JsonOutput.number(out, "realized_pnl", p.realizedPnl());
        out.name("conviction_id").value(p.convictionId());
        out.name("regime_at_entry").value(p.regimeAtEntry());
        JsonOutput.number(out, "max_drawdown_during", p.maxDrawdownDuring());
        JsonOutput.number(out, "entry_price", p.entryPrice());
        JsonOutput.number(out, "exit_price", p.exitPrice());
        JsonOutput.number(out, "size_usd", p.sizeUsd());
    }
}
