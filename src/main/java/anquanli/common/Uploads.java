package anquanli.common;

/** Spreadsheet and file uploads: one media type name and one size rule for every import endpoint. */
public final class Uploads {

    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** Imports are validated whole in memory; 5 MB holds tens of thousands of rows. */
    public static final int MAX_BYTES = 5 * 1024 * 1024;

    private Uploads() {
    }

    public static void requireSize(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiProblem.badRequest("upload-empty", "The request body is empty");
        }
        if (body.length > MAX_BYTES) {
            throw new ApiProblem(413, "upload-too-large", "Upload too large", "Uploads are limited to 5 MB");
        }
    }

    public static boolean isXlsx(String contentType) {
        return contentType != null && contentType.startsWith(XLSX);
    }
}
