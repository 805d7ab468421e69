package anquanli.hazard.photo;

/** The formats we accept, each decoded by one named ImageIO reader (never whichever ImageIO offers first). */
enum PhotoFormat {
    JPEG("jpeg", "com.sun.imageio.plugins.jpeg.JPEGImageReader"),
    PNG("png", "com.sun.imageio.plugins.png.PNGImageReader"),
    WEBP("webp", "com.twelvemonkeys.imageio.plugins.webp.WebPImageReader");

    final String imageIoName;
    final String readerClass;

    PhotoFormat(String imageIoName, String readerClass) {
        this.imageIoName = imageIoName;
        this.readerClass = readerClass;
    }
}
