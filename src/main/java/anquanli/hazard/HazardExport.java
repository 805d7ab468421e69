package anquanli.hazard;

import java.util.ArrayList;
import java.util.List;

/** Reports as the offices keep them in spreadsheets: CSV (UTF-8 with BOM, for Excel) or XLSX; never the reporter. */
final class HazardExport {

    static final List<String> HEADER = List.of("查询码", "提交时间", "类别", "隐患所在地区", "地区代码", "承办地区", "地址",
            "纬度(WGS-84)", "经度(WGS-84)", "单位", "状态", "受理时间", "办理期限", "逾期", "匿名", "描述");

    private HazardExport() {
    }

    static List<String> cells(HazardViews.ListItem r) {
        List<String> c = new ArrayList<>();
        c.add(r.trackingCode());
        c.add(r.submittedAt().toString());
        c.add(r.categoryTitle());
        c.add(r.region() == null ? "" : r.region().name());
        c.add(r.region() == null ? "" : r.region().code());
        c.add(r.handlingRegion() == null ? "" : r.handlingRegion().name());
        c.add(text(r.address()));
        c.add(r.location() == null ? "" : Double.toString(r.location().lat()));
        c.add(r.location() == null ? "" : Double.toString(r.location().lng()));
        c.add(text(r.unitName()));
        c.add(r.status().name());
        c.add(r.acceptedAt() == null ? "" : r.acceptedAt().toString());
        c.add(r.dueAt() == null ? "" : r.dueAt().toString());
        c.add(r.overdue() ? "是" : "否");
        c.add(r.anonymous() ? "是" : "否");
        c.add(r.description());
        return c;
    }

    private static String text(String v) {
        return v == null ? "" : v;
    }
}
