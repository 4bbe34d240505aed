// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./Test.sol";
import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {EvswapForwarder} from "../../src/EvswapForwarder.sol";
import {BatteryProcess} from "../../src/BatteryProcess.sol";
import {BalanceProcess} from "../../src/BalanceProcess.sol";
import {BatteryInterface} from "../../src/BatteryInterface.sol";
import {IBatteryInterface} from "../../src/interfaces/IBatteryInterface.sol";
import {
    StaticInfo,
    BatteryReading,
    DynamicInfo,
    BatteryStatus,
    Operation,
    SwapRequest,
    Units,
    PassportInfo,
    ConditionReading
} from "../../src/interfaces/BatteryTypes.sol";

/// @notice The deployment every test starts from: the forwarder, BatteryProcess, BalanceProcess and
/// BatteryInterface wired as in production (docs/contracts.md), one EV owner (EV 1) and one station operator
/// (station 1) registered and granted E-coin, the clock at 2018-06-01 (after the paper's battery was made).
abstract contract Base is Test {
    // ------------------------------------------------------------------ constants

    /// @dev 2018-06-01T00:00:00Z: seven months after the Fig. 6 battery was made (2017-11).
    uint256 internal constant T0 = 1_527_811_200;
    /// @dev What each user is granted at setUp: 10,000 E-coin (2 decimals).
    uint256 internal constant GRANT = 1_000_000;
    /// @dev 1 E-coin per kWh held.
    uint256 internal constant ENERGY_PRICE = 100;
    /// @dev 1 E-coin per swap.
    uint256 internal constant SWAP_FEE = 100;
    uint32 internal constant EV_ID = 1;
    uint32 internal constant STATION_ID = 1;
    uint32 internal constant EV_UNIT = 1;
    uint32 internal constant STATION_UNIT = Units.STATION_FLAG | 1;

    bytes32 internal constant FORWARD_REQUEST_TYPEHASH = keccak256(
        "ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data)"
    );

    // ------------------------------------------------------------------ actors

    address internal superAccount;
    address internal evOwner;
    uint256 internal evOwnerKey;
    address internal operator;
    uint256 internal operatorKey;
    address internal stranger;
    uint256 internal strangerKey;
    /// @dev The station's relay: pays the gas of devices' requests.
    address internal relayer;

    // ------------------------------------------------------------------ contracts

    EvswapForwarder internal forwarder;
    BatteryProcess internal bp;
    BalanceProcess internal bal;
    BatteryInterface internal iface;

    function setUp() public virtual {
        vm.warp(T0);
        superAccount = makeAddr("super");
        (evOwner, evOwnerKey) = makeAddrAndKey("evOwner");
        (operator, operatorKey) = makeAddrAndKey("operator");
        (stranger, strangerKey) = makeAddrAndKey("stranger");
        relayer = makeAddr("relayer");
        vm.deal(relayer, 100 ether);

        forwarder = new EvswapForwarder();
        bp = new BatteryProcess();
        bal = new BalanceProcess(address(forwarder));
        iface = new BatteryInterface(address(forwarder), bp, bal, superAccount);
        bp.setController(address(iface));
        bal.setController(address(iface));

        vm.startPrank(superAccount);
        iface.registerEVOwner(evOwner, EV_ID);
        iface.registerStationOperator(operator, STATION_ID);
        iface.grantECoin(evOwner, GRANT);
        iface.grantECoin(operator, GRANT);
        iface.setEnergyPrice(ENERGY_PRICE);
        iface.setFee(Operation.Swap, SWAP_FEE);
        vm.stopPrank();

        vm.label(address(forwarder), "forwarder");
        vm.label(address(bp), "BatteryProcess");
        vm.label(address(bal), "BalanceProcess");
        vm.label(address(iface), "BatteryInterface");
    }

    // ------------------------------------------------------------------ account helpers

    /// @dev Registers a new EV owner for EV `evId` and grants it GRANT E-coin.
    function _newEVOwner(string memory name, uint32 evId) internal returns (address account, uint256 key) {
        (account, key) = makeAddrAndKey(name);
        vm.startPrank(superAccount);
        iface.registerEVOwner(account, evId);
        iface.grantECoin(account, GRANT);
        vm.stopPrank();
    }

    /// @dev Registers a new station operator for station `stationId` and grants it GRANT E-coin.
    function _newStation(string memory name, uint32 stationId) internal returns (address account, uint256 key) {
        (account, key) = makeAddrAndKey(name);
        vm.startPrank(superAccount);
        iface.registerStationOperator(account, stationId);
        iface.grantECoin(account, GRANT);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ battery helpers

    /// @dev The paper's Fig. 6 battery: Samsung, 200 charges / 200 discharges, 20 years, 2000 h charging and
    /// 2000 h discharging, made 2017-11, 200 E-coin.
    function _staticInfo() internal pure returns (StaticInfo memory) {
        return StaticInfo({
            brand: bytes16("Samsung"),
            maxChargingCount: 200,
            maxDischargingCount: 200,
            maxChargingTotalTime: 2000 hours,
            maxDischargingTotalTime: 2000 hours,
            manufactureYear: 2017,
            manufactureMonth: 11,
            maxYearLimited: 20,
            manufacturePrice: 20_000
        });
    }

    function _staticInfo(bytes16 brand) internal pure returns (StaticInfo memory s) {
        s = _staticInfo();
        s.brand = brand;
    }

    /// @dev Fig. 6's dynamic info: 20 kWh, SOC 100 %, charged and discharged once, 2 h each.
    function _reading() internal pure returns (BatteryReading memory) {
        return BatteryReading({
            energyWh: 20_000,
            socPermille: 1000,
            chargingCount: 1,
            dischargingCount: 1,
            chargingTotalTime: 2 hours,
            dischargingTotalTime: 2 hours
        });
    }

    function _reading(uint32 energyWh, uint16 socPermille) internal pure returns (BatteryReading memory r) {
        r = _reading();
        r.energyWh = energyWh;
        r.socPermille = socPermille;
    }

    /// @dev A 60 kWh NMC pack's passport: 150 Ah at 400 V, 3,000 cycles, exhausted under 70 %.
    function _passport() internal pure returns (PassportInfo memory) {
        return PassportInfo({
            certifiedUsableEnergyWh: 60_000,
            ratedCapacityMAh: 150_000,
            expectedLifetimeCycles: 3000,
            exhaustionThresholdPermille: 700,
            nominalVoltageDecivolts: 4000,
            chemistry: bytes8("NMC811")
        });
    }

    /// @dev A condition of that pack: `remainingEnergyWh` left, its capacity in proportion, `throughputWh` so far.
    function _condition(uint32 remainingEnergyWh, uint48 throughputWh) internal pure returns (ConditionReading memory c) {
        c.remainingEnergyWh = remainingEnergyWh;
        c.remainingCapacityMAh = uint32(uint256(remainingEnergyWh) * 150_000 / 60_000);
        c.energyThroughputWh = throughputWh;
        c.reported = 127;
    }

    /// @dev Registers the Fig. 6 battery as `who` (its unit holds it).
    function _registerBattery(address who) internal returns (uint32) {
        return _registerBattery(who, _staticInfo(), _reading());
    }

    function _registerBattery(address who, StaticInfo memory info, BatteryReading memory reading)
        internal
        returns (uint32 id)
    {
        bytes32 tag = keccak256(abi.encode(who, bp.batteryCount()));
        vm.prank(who);
        id = iface.registerBattery(info, reading, tag);
    }

    /// @dev An EV battery (half full) and a station battery (full), and a swap of the two requested.
    function _requestSwap() internal returns (uint32 evBattery, uint32 stationBattery, uint32 swapId) {
        evBattery = _registerBattery(evOwner, _staticInfo("TOY"), _reading(5_000, 250));
        stationBattery = _registerBattery(operator, _staticInfo("BYD"), _reading());
        vm.prank(evOwner);
        swapId = iface.requestSwap(evBattery, stationBattery, type(uint256).max);
    }

    /// @dev The approval of swap `swapId` as its station would send it: naming the terms the chain holds now.
    /// Read before any vm.prank or vm.expectRevert, which the read would otherwise use up.
    function _approveData(uint32 swapId) internal view returns (bytes memory) {
        SwapRequest memory s = iface.getSwap(swapId);
        return abi.encodeCall(iface.approveSwap, (swapId, s.evBatteryId, s.stationBatteryId, s.difference));
    }

    /// @dev The denial of swap `swapId`, naming its terms (see {_approveData}).
    function _denyData(uint32 swapId) internal view returns (bytes memory) {
        SwapRequest memory s = iface.getSwap(swapId);
        return abi.encodeCall(iface.denySwap, (swapId, s.evBatteryId, s.stationBatteryId, s.difference));
    }

    function _dyn(uint32 id) internal view returns (DynamicInfo memory) {
        return bp.dynamicInfoOf(id);
    }

    // ------------------------------------------------------------------ meta-transaction helpers

    function _domainSeparator() internal view returns (bytes32) {
        return keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("evswap"),
                keccak256("1"),
                block.chainid,
                address(forwarder)
            )
        );
    }

    /// @dev A request from `from` (key `key`) to call `to` with `data`, signed under the "evswap" domain.
    function _signedRequest(uint256 key, address to, bytes memory data, uint256 nonce, uint48 deadline)
        internal
        view
        returns (ERC2771Forwarder.ForwardRequestData memory req)
    {
        req = ERC2771Forwarder.ForwardRequestData({
            from: vm.addr(key), to: to, value: 0, gas: 1_000_000, deadline: deadline, data: data, signature: ""
        });
        req.signature = _sign(key, req, nonce);
    }

    function _signedRequest(uint256 key, bytes memory data)
        internal
        view
        returns (ERC2771Forwarder.ForwardRequestData memory)
    {
        return _signedRequest(
            key, address(iface), data, forwarder.nonces(vm.addr(key)), uint48(block.timestamp + 1 hours)
        );
    }

    function _sign(uint256 key, ERC2771Forwarder.ForwardRequestData memory req, uint256 nonce)
        internal
        view
        returns (bytes memory)
    {
        bytes32 structHash = keccak256(
            abi.encode(
                FORWARD_REQUEST_TYPEHASH, req.from, req.to, req.value, req.gas, nonce, req.deadline, keccak256(req.data)
            )
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", _domainSeparator(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @dev Relays one signed request as the station's relay would.
    function _relay(ERC2771Forwarder.ForwardRequestData memory req) internal {
        vm.prank(relayer);
        forwarder.execute(req);
    }
}
