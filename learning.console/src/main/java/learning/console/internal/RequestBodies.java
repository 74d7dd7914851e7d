package learning.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

/** Reads request bodies up to a limit, so an oversized body is refused without being held. */
final class RequestBodies {
    /** The body is larger than allowed. */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }

    private RequestBodies() {
    }

    /**
     * @param request the request
     * @param maxBytes the largest accepted body
     * @return the body, empty when there is none
     * @throws TooLarge when the declared or actual length exceeds the limit
     * @throws IOException when the client breaks off
     */
    static byte[] read(HttpServletRequest request, long maxBytes) throws IOException, TooLarge {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw new TooLarge();
        }
        int initial = (int) Math.min(Math.max(declared, 256), Math.min(maxBytes, 1 << 20));
        ByteArrayOutputStream body = new ByteArrayOutputStream(initial);
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw new TooLarge();
                }
                body.write(buffer, 0, n);
            }
        }
        return body.toByteArray();
    }
}
