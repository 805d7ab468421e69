package anquanli.leaderboard;

/** What a region or unit board ranks by. */
public enum Metric {
    /** 积分 */
    POINTS("p"),
    /** 参与人数: distinct participants */
    PARTICIPANTS("u"),
    /** 人次: closed attempts */
    ATTEMPTS("a"),
    /** participation rate: participants per million of the configured base (population, head count) */
    RATE("r");

    final String key;

    Metric(String key) {
        this.key = key;
    }
}
