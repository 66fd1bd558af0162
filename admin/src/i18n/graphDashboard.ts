/** Texts of the graph view (src/graph/) and the dashboard (src/dashboard/), merged into en.ts and zh.ts. */
const months = (names: string[]) => Object.fromEntries(names.map((name, i) => [String(i + 1), name]));

export const graphDashboardZh = {
  amity: {
    graph: {
      button: '关系图', title: '关系图', depth: '层数', open_centre: '打开记录', open: '打开记录', expand: '展开',
      counts: '%{nodes} 个节点，%{edges} 条关系', truncated: '关系太多，只显示了一部分。', selected: '选中的节点',
      kinds: '按关系类型筛选', path_title: '查找路径', path_from: '从：%{name}', path_to: '到（输入名称搜索）', find_path: '查找路径',
      no_path: '在 6 步之内没有找到路径。', help: '单击节点展开它的关系；双击打开记录；拖动移动，滚轮缩放。',
    },
    dashboard: {
      title: '首页概览', year: '年份', figures: '%{year} 年与 %{compareTo} 年数据对比', figure: '项目', change: '变化',
      by_month: '%{year} 年各月团组', by_channel: '%{year} 年各渠道团组', map: '友好城市与友好交流城市分布',
      upcoming: '即将到来',
      default_year: '%{year} 年是有记录的最近一个完整年度，默认显示。', no_comparison: '%{year} 年没有记录，不作对比，也不计变化。',
      chart_entry: '%{category}：来访 %{inbound} 批，出访 %{outbound} 批', chart_separator: '；', no_delegations: '这一年没有团组。', no_channel: '未填渠道', latest: '最近的团组与活动', no_upcoming_delegations: '今天以后暂无安排的团组。', no_upcoming_events: '今天以后暂无安排的活动。',
      months: months(['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月']),
    },
  },
};

export const graphDashboardEn = {
  amity: {
    graph: {
      button: 'Graph', title: 'Graph', depth: 'Depth', open_centre: 'Open record', open: 'Open record', expand: 'Expand',
      counts: '%{nodes} nodes, %{edges} ties', truncated: 'Too many ties: only part of them is shown.', selected: 'Selected node',
      kinds: 'Filter by relationship kind', path_title: 'Find a path', path_from: 'From: %{name}', path_to: 'To (type a name to search)', find_path: 'Find path',
      no_path: 'No path within 6 ties.', help: 'Click a node to expand its ties; double-click to open its record; drag to move, scroll to zoom.',
    },
    dashboard: {
      title: 'Dashboard', year: 'Year', figures: '%{year} against %{compareTo}', figure: 'Figure', change: 'Change',
      by_month: 'Delegations by month, %{year}', by_channel: 'Delegations by channel, %{year}', map: 'Partner cities by level',
      upcoming: 'Coming up',
      default_year: '%{year} is the latest complete year with records, shown by default.', no_comparison: 'No records for %{year}: no comparison or change is shown.',
      chart_entry: '%{category}: %{inbound} inbound, %{outbound} outbound', chart_separator: '; ', no_delegations: 'No delegations this year.', no_channel: 'No channel', latest: 'Latest delegations and events', no_upcoming_delegations: 'No delegations scheduled from today.', no_upcoming_events: 'No events scheduled from today.',
      months: months(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']),
    },
  },
};
