package anquanli.activity;

import java.util.ArrayList;
import java.util.List;

/** Events with their counts as the offices keep them in spreadsheets (common.Spreadsheets: CSV or XLSX). */
final class ActivityExport {

    static final List<String> HEADER = List.of("编号", "活动名称", "类型", "地区", "地区代码", "地址", "开始时间",
            "结束时间", "举办日", "主办单位", "状态", "扫码签到人次", "其中离线补传", "其中超出签到范围", "现场登记人数",
            "参与人次");

    private ActivityExport() {
    }

    static List<String> cells(ActivityViews.ActivityView a) {
        List<String> c = new ArrayList<>();
        c.add(Long.toString(a.id()));
        c.add(a.name());
        c.add(a.kindTitle());
        c.add(a.region().name());
        c.add(a.region().code());
        c.add(a.address() == null ? "" : a.address());
        c.add(a.startsAt().toString());
        c.add(a.endsAt().toString());
        c.add(a.day().toString());
        c.add(a.organizerName() == null ? "" : a.organizerName());
        c.add(a.status() == Activity.Status.ACTIVE ? "有效" : "已取消");
        c.add(Long.toString(a.counts().checkIns()));
        c.add(Long.toString(a.counts().offlineCheckIns()));
        c.add(Long.toString(a.counts().farCheckIns()));
        c.add(Integer.toString(a.counts().headCount()));
        c.add(Long.toString(a.counts().participants()));
        return c;
    }
}
