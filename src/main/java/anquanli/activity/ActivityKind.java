package anquanli.activity;

/**
 * The kinds of Safety Production Month activity, one per line of the progress report that asks for events held (场次)
 * and people taking part (人次), as the national notices word them.
 */
public enum ActivityKind {

    /** 开展安全宣传咨询活动: the 6·16 consultation day's booths, and any other during the month. */
    CONSULTATION("安全宣传咨询活动"),
    /** 组织观看典型事故警示教育片 (e.g. 《生命重于泰山》 screenings). */
    WARNING_FILM("警示教育片观看"),
    /** 事故警示教育展览. */
    WARNING_EXHIBITION("警示教育展览"),
    /** 开展灾害避险逃生、自救互救演练 and emergency drills. */
    DRILL("应急演练"),
    /** 安全生产大讲堂、公开课、微课堂. */
    LECTURE("安全宣传讲座"),
    /** 企业、场馆开放日. */
    OPEN_DAY("开放日活动"),
    /** 创新开展线上活动: livestreams, online quizzes and exhibitions. */
    ONLINE("线上活动"),
    OTHER("其他活动");

    private final String title;

    ActivityKind(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** The report's column keys: camelCase of the name, e.g. warningFilm. */
    public String key() {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : name().toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }
}
