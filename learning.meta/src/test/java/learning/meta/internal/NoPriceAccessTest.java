package learning.meta.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The meta-producer never reads prices: no compiled class refers to the price API or to the
 * ledger's price bars. (The in-framework test checks the built bundle's Import-Package too.)
 */
class NoPriceAccessTest {
    @Test
    void noClassRefersToThePriceApiOrPriceBars() throws IOException {
        Path classes = Path.of(MetaEngine.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes)) {
            files = s.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertTrue(files.size() > 5, "found the compiled classes in " + classes);
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String forbidden : List.of("learning/api/price", "PriceBar", "price_bars", "klines", "binance")) {
                assertFalse(text.contains(forbidden), f.getFileName() + " refers to " + forbidden);
            }
        }
    }
}
