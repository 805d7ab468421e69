package anquanli.hazard.photo;

import anquanli.common.ApiProblem;

import java.util.Map;

/** Every way a photo is refused: stable codes for the app, plain words for the person who sent it. */
final class PhotoProblems {

    /** Seconds a client should wait before sending a photo refused as busy again. */
    static final int BUSY_RETRY_AFTER_SECONDS = 5;

    private static final String FORMATS = "Please send a photo in JPEG, PNG or WebP format.";

    private PhotoProblems() {
    }

    static ApiProblem tooLarge(long maxBytes) {
        long mb = maxBytes / (1024 * 1024);
        return new ApiProblem(413, "photo-too-large", "Photo too large",
                "The photo is larger than " + mb + " MB. Please send a smaller photo, for example by choosing a lower "
                        + "resolution when sharing it. (照片超过" + mb + " MB，请压缩后重新上传。)",
                Map.of("maxBytes", maxBytes));
    }

    /** A real image format we cannot or will not decode; {@code format} names it for the person. */
    static ApiProblem unsupported(String format) {
        String detail = switch (format) {
            case "HEIC", "AVIF" -> "This photo is in " + format + " format, which we cannot read. Please send it as "
                    + "JPEG: on an iPhone choose Settings › Camera › Formats › Most Compatible, then take the photo "
                    + "again, or share it as JPEG. (暂不支持" + format + "格式。请发送JPEG照片：iPhone可在“设置 › 相机 › 格式”"
                    + "中选择“兼容性最佳”。)";
            default -> format + " images are not accepted. " + FORMATS + " (不支持" + format
                    + "格式，请上传JPEG、PNG或WebP照片。)";
        };
        return new ApiProblem(415, "photo-type-unsupported", "Photo format not supported", detail,
                Map.of("format", format));
    }

    static ApiProblem notAnImage() {
        return new ApiProblem(415, "photo-type-invalid", "Not a photo",
                "The file is not an image. " + FORMATS + " (文件不是图片，请上传JPEG、PNG或WebP照片。)");
    }

    static ApiProblem tooManyPixels(int width, int height, long maxPixels) {
        return new ApiProblem(422, "photo-too-many-pixels", "Photo has too many pixels",
                "The photo is " + width + " × " + height + " pixels; at most " + maxPixels / 1_000_000
                        + " megapixels are accepted. Please send a smaller photo. (照片像素过多，请缩小后重新上传。)",
                Map.of("width", width, "height", height, "maxPixels", maxPixels));
    }

    static ApiProblem truncated() {
        return new ApiProblem(422, "photo-truncated", "Photo incomplete",
                "The photo ends early; it was probably not saved or uploaded completely. Please send it again. "
                        + "(照片不完整，请重新上传。)");
    }

    static ApiProblem polyglot() {
        return new ApiProblem(422, "photo-polyglot", "Photo carries other data",
                "The file carries other data after the image, such as the video of a motion photo or an attached "
                        + "file. Please send a still photo (turn off Live or Motion Photo, or send a screenshot). "
                        + "(文件在图片之后还附带其他数据，例如动态照片的视频或附件，请发送普通静态照片。)");
    }

    static ApiProblem corrupt() {
        return new ApiProblem(422, "photo-corrupt", "Photo damaged",
                "The photo cannot be read because the file is damaged. Please send another photo. "
                        + "(照片已损坏，无法读取，请换一张照片。)");
    }

    static ApiProblem busy() {
        return new ApiProblem(503, "service-busy", "Service busy",
                "Many photos are being processed right now. Please try again in a few seconds. "
                        + "(当前上传照片较多，请稍后重试。)",
                Map.of("retryAfter", BUSY_RETRY_AFTER_SECONDS));
    }
}
