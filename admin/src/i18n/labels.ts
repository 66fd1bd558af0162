/**
 * Names of types and fields in Chinese, keyed by the schema's names; English ones are derived from those names.
 * A type or field without a Chinese name here is shown by its own name (test/unit/labels.test.ts lists them).
 */
export const typeNamesZh: Record<string, string> = {
  City: '城市', Organisation: '机构', Person: '人物', Partnership: '友好城市关系', Exchange: '交流项目', Delegation: '代表团', Event: '活动',
  Country: '国家', Application: '申请', Contribution: '捐赠与投资', Award: '奖项', Target: '工作目标', Relationship: '关系',
};

/** A type's Chinese name, or its own name while it has none here. */
export function typeNameZh(type: string): string {
  return typeNamesZh[type] ?? type;
}

export const fieldNamesZh: Record<string, string> = {
  id: 'ID', displayName: '名称', names: '名称', 'names.zh': '中文名', 'names.en': '英文名', 'names.local': '本地名', 'names.localLang': '本地语言',
  'names.pinyin': '拼音', aliases: '别名', visibility: '可见性', notes: '备注', createdAt: '创建时间', updatedAt: '更新时间', version: '版本',
  generated: '补全数据', q: '搜索', country: '国家', countryId: '国家', province: '省/州', latitude: '纬度', longitude: '经度', isHomeCity: '本市',
  city: '城市', cityId: '城市', kind: '类型', parent: '上级机构', parentId: '上级机构', website: '网站', category: '类别', nationality: '国籍',
  nationalityId: '国籍', title: '职务', direction: '方向', channel: '渠道', purpose: '目的', headcount: '人次', members: '成员', memberIds: '成员',
  leader: '团长', leaderId: '团长', startDate: '开始日期', endDate: '结束日期', startDateFrom: '开始日期起', startDateTo: '开始日期止',
  endDateFrom: '结束日期起', endDateTo: '结束日期止', exchange: '交流项目', exchangeId: '交流项目', events: '活动', eventIds: '活动',
  originCity: '出发城市', originCityId: '出发城市', originCountry: '出发国家', originCountryId: '出发国家', destinationCity: '目的城市',
  destinationCityId: '目的城市', destinationCountry: '目的国家', destinationCountryId: '目的国家', sendingOrganisation: '派出机构',
  sendingOrganisationId: '派出机构', hostOrganisation: '接待机构', hostOrganisationId: '接待机构', approvalStatus: '审批状态',
  approvalNumber: '批件号', approvalDate: '审批日期', greenChannel: '绿色通道', level: '级别', status: '状态', homeCity: '本市',
  homeCityId: '本市', partnerCity: '友好城市', partnerCityId: '友好城市', agreementReference: '协议编号', statusHistory: '状态历史',
  field: '领域', partnership: '友好城市关系', partnershipId: '友好城市关系', participants: '参与机构', outcomes: '成果', venue: '地点',
  attendance: '参加人数', organisation: '机构', organisationId: '机构', role: '角色', code: '代码', continent: '洲', subregion: '地区',
  amount: '金额', currency: '币种', donor: '捐赠方', donorId: '捐赠方', recipient: '接收方', recipientId: '接收方', year: '年份',
  partnerships: '友好城市关系', exchanges: '交流项目', delegations: '代表团', signedOn: '签约日期', host: '主办机构', hostId: '主办机构', from: '起点', fromId: '起点', to: '终点', toId: '终点', source: '来源', applicant: '申请单位', applicantId: '申请单位',
};

/** "destinationCityId" → "Destination city" */
export function humanize(name: string): string {
  const last = name.split('.').pop() ?? name;
  const words = last.replace(/Ids?$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Chinese labels of enum values, by value (a value means the same wherever it appears). */
export const enumValuesZh: Record<string, string> = {
  INBOUND: '来访', OUTBOUND: '出访',
  ACADEMIC: '学术', BUSINESS: '商务', GOVERNMENT_AND_PARTY: '党政外宾', OTHER: '其他', OVERSEAS_CHINESE: '侨务及港澳同胞', SISTER_CITY: '友好城市',
  CONFERENCE: '会议', CULTURE: '文化', EDUCATION: '教育', OFFICIAL_VISIT: '公务访问', STUDY: '考察', TRADE_AND_INVESTMENT: '经贸', TRAINING: '培训',
  FRIENDLY_EXCHANGE: '友好交流关系', PROSPECT: '意向', AGREEMENT_SIGNED: '已签约', CONTACT_OPENED: '已建立联系', DORMANT: '休眠', ENDED: '已终止',
  AGRICULTURE: '农业', ECONOMY: '经济', ENVIRONMENT: '环境', GOVERNMENT: '政府', HEALTH: '卫生', SPORT: '体育', YOUTH: '青少年',
  ACTIVE: '进行中', COMPLETED: '已完成', PLANNED: '计划中', SUSPENDED: '暂停',
  ASSOCIATION: '协会/商会', CLUB: '俱乐部', COMPANY: '企业', COOPERATIVE: '合作社', FOUNDATION: '基金会', MEDIA: '媒体', SCHOOL: '学校', UNIVERSITY: '大学',
  COMPATRIOT: '港澳台同胞', FOREIGN_EXPERT: '外国专家', FOREIGN_GUEST: '外宾', OFFICIAL: '官员', RELATIVE_OF_OVERSEAS_CHINESE: '侨眷',
  RETURNED_OVERSEAS_CHINESE: '归侨', STAFF: '工作人员',
  CAMP: '营', CAMPAIGN: '活动', CEREMONY: '仪式', FAIR: '博览会', FESTIVAL: '节庆', GALA: '晚会', GAMES: '运动会',
  INTERNAL: '内部', PUBLIC: '公开', RESTRICTED: '受限',
  APPROVED: '已批准', HELD_BACK: '暂缓', PENDING: '待审批', WITHDRAWN: '已撤回',
  CREATE: '创建', DELETE: '删除', UPDATE: '修改', READ_PERSONAL_DATA: '读取个人信息', SIGN_IN: '登录', SIGN_IN_FAILED: '登录失败', SIGN_OUT: '退出',
  DONATED_TO: '捐赠给', FOUNDED: '创办', HOSTED: '接待/主办', INVESTED_IN: '投资于', INVITED: '邀请', LEADS: '领导', LINKED_WITH: '关联',
  LOCATED_IN: '位于', MEMBER_OF: '成员', ORGANISED: '组织', PARTICIPATED_IN: '参与', PARTNER_OF: '合作伙伴', RELATIVE_OF: '亲属', REPRESENTS: '代表',
  SPONSORED: '赞助', WORKS_FOR: '任职于',
  APEC_BUSINESS_TRAVEL_CARD: 'APEC商务旅行卡', FOREIGN_EXPERT_INVITATION: '外国专家邀请', INVITATION_LETTER: '邀请函',
  IN_PROGRESS: '办理中', RECEIVED: '已受理', REJECTED: '未通过',
  DONATION: '捐赠', GRANT: '资助', INVESTMENT: '投资', IN_KIND: '实物', SUBSIDY: '补贴', DELIVERED: '已到位', PLEDGED: '已承诺', SIGNED: '已签约',
  AFRICA: '非洲', ANTARCTICA: '南极洲', ASIA: '亚洲', EUROPE: '欧洲', NORTH_AMERICA: '北美洲', OCEANIA: '大洋洲', SOUTH_AMERICA: '南美洲',
};
