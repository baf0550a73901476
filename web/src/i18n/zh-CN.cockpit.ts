/** The cockpit's words (驾驶舱 / 大屏). */
export const cockpitZhCN = {
  'cockpit.title': '驾驶舱',
  'cockpit.wall': '大屏模式',
  'cockpit.exitWall': '退出大屏',
  'cockpit.byHealth': '健康分布',
  'cockpit.byState': '状态分布',
  'cockpit.trend': '月度完成趋势',
  'cockpit.ranking': '单位排名',
  'cockpit.categories': '类别分布',
  'cockpit.map': '地区分布',
  'cockpit.gantt': '节点甘特图（倒排工期）',
  'cockpit.total': '事项总数',
  'cockpit.completionRate': '办结率',
  'cockpit.plan': '方案',
  'cockpit.wholeOrg': '全部',
} as const;
