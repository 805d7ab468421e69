package anquanli.common;

/** Spreadsheet and file uploads: one media type name and one size rule for every import endpoint. */
public final class Uploads {

    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** Imports are validated whole in memory; 5 MB holds tens of thousands of rows. */
    public static final int MAX_BYTES = 5 * 1024 * 1024;

    private Uploads() {
    }

    public static void requireSize(byte[] body) {
        requireSize(body, MAX_BYTES);
    }

    /** As {@link #requireSize(byte[])} for an upload kind that is always small (a report template). */
    public static void requireSize(byte[] body, int maxBytes) {
        if (body == null || body.length == 0) {
            throw ApiProblem.badRequest("upload-empty", "The request body is empty");
        }
        if (body.length > maxBytes) {
            throw new ApiProblem(413, "upload-too-large", "Upload too large", "This upload is limited to "
                    + (maxBytes >= 1024 * 1024 ? maxBytes / (1024 * 1024) + " MB" : maxBytes / 1024 + " KB"));
        }
    }

    public static boolean isXlsx(String contentType) {
        return contentType != null && contentType.startsWith(XLSX);
    }
}
