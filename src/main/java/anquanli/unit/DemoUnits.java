package anquanli.unit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A handful of units so a person trying the dev service can pick one at once (anquanli.demo.seed-units). */
@ApplicationScoped
public class DemoUnits {

    private static final String[][] UNITS = {
            {"110101", "北京市东城区应急管理局", "AGENCY"},
            {"110101001", "东华门街道社区卫生服务中心", "INSTITUTION"},
            {"110105", "北京朝阳建工集团有限公司", "ENTERPRISE"},
            {"310115", "上海浦东化工储运有限公司", "ENTERPRISE"},
            {"440305", "深圳南山电子科技有限公司", "ENTERPRISE"},
            {"510107", "成都武侯燃气服务有限公司", "ENTERPRISE"},
            {"330106", "杭州西湖区第一中学", "SCHOOL"},
    };

    void seed(@Observes @Priority(20) StartupEvent event, AgroalDataSource dataSource,
              @ConfigProperty(name = "anquanli.demo.seed-units") boolean enabled) throws SQLException {
        if (!enabled) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into unit (region_code, name, kind) values (?, ?, ?) "
                     + "on conflict (region_code, name) do nothing")) {
            for (String[] u : UNITS) {
                ps.setString(1, u[0]);
                ps.setString(2, u[1]);
                ps.setString(3, u[2]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
