package anquanli.hazard;

/** What a report is about: the priority sectors of the Safety Month notices (事故隐患大扫除, 重点行业领域). */
public enum HazardCategory {
    HAZCHEM("危险化学品"),
    MINING("矿山"),
    INDUSTRY_TRADE("工贸"),
    ROAD_TRAFFIC("道路交通"),
    CONSTRUCTION("建筑施工"),
    FISHING_VESSEL("渔业船舶"),
    FIRE("消防"),
    GAS("燃气"),
    SPECIAL_EQUIPMENT("特种设备"),
    OTHER("其他");

    private final String title;

    HazardCategory(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
