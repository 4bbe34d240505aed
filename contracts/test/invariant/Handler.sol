// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {BatteryProcess} from "../../src/BatteryProcess.sol";
import {BalanceProcess} from "../../src/BalanceProcess.sol";
import {BatteryInterface} from "../../src/BatteryInterface.sol";
import {
    StaticInfo,
    BatteryReading,
    DynamicInfo,
    BatteryStatus,
    Operation,
    SwapRequest,
    SwapStatus
} from "../../src/interfaces/BatteryTypes.sol";

/// @notice Drives the system as its users would, with bounded inputs, and keeps ghost totals for the invariants:
/// E-coin granted, each battery's static hash at registration, and each recycled battery's dynamic info at
/// recycling. Most actions pick a target that should succeed (a battery the actor owns, a pending swap of its
/// station); `tryAnything` then throws arbitrary calls at the contracts, which may fail but must not break an
/// invariant.
contract Handler is Test {
    BatteryProcess public immutable bp;
    BalanceProcess public immutable bal;
    BatteryInterface public immutable iface;
    address public immutable superAccount;

    address[] public evs;
    address[] public stations;
    address[] public actors;
    /// @dev Someone the super account never registered.
    address public stranger = makeAddr("handler.stranger");

    uint32[] public batteries;
    uint32[] public swaps;

    // ghosts
    uint256 public ghostGranted;
    mapping(uint32 batteryId => bytes32) public ghostStaticHash;
    mapping(uint32 batteryId => bool) public ghostRecycled;
    mapping(uint32 batteryId => bytes32) public ghostRecycledDynamic;
    uint32[] public recycled;
    mapping(address account => bool) public ghostSuspended;
    /// @dev Operations that succeeded with a suspended sender: must stay 0.
    uint256 public ghostSuspendedActed;

    mapping(bytes32 action => uint256) public calls;

    constructor(
        BatteryProcess bp_,
        BalanceProcess bal_,
        BatteryInterface iface_,
        address superAccount_,
        address[] memory evs_,
        address[] memory stations_,
        uint256 granted
    ) {
        bp = bp_;
        bal = bal_;
        iface = iface_;
        superAccount = superAccount_;
        evs = evs_;
        stations = stations_;
        for (uint256 i; i < evs_.length; ++i) {
            actors.push(evs_[i]);
        }
        for (uint256 i; i < stations_.length; ++i) {
            actors.push(stations_[i]);
        }
        ghostGranted = granted;
    }

    // ------------------------------------------------------------------ views for the invariants

    function batteryCount() external view returns (uint256) {
        return batteries.length;
    }

    function swapCount() external view returns (uint256) {
        return swaps.length;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function recycledCount() external view returns (uint256) {
        return recycled.length;
    }

    // ------------------------------------------------------------------ pickers

    function _pick(address[] storage list, uint256 seed) internal view returns (address) {
        return list[seed % list.length];
    }

    /// @dev The first battery from a random start that `owner` owns and has in service, or 0.
    function _ownBattery(address owner, uint256 seed) internal view returns (uint32) {
        uint256 n = batteries.length;
        for (uint256 i; i < n; ++i) {
            uint32 id = batteries[(seed % n + i) % n];
            DynamicInfo memory d = bp.dynamicInfoOf(id);
            if (d.owner == owner && d.status == BatteryStatus.InService) return id;
        }
        return 0;
    }

    /// @dev Any station's in-service battery, or 0.
    function _stationBattery(uint256 seed) internal view returns (uint32) {
        uint256 n = batteries.length;
        for (uint256 i; i < n; ++i) {
            uint32 id = batteries[(seed % n + i) % n];
            DynamicInfo memory d = bp.dynamicInfoOf(id);
            (BatteryStatus st, bool isStation) = (d.status, d.holder & 0x80000000 != 0);
            if (isStation && st == BatteryStatus.InService) return id;
        }
        return 0;
    }

    function _pendingSwap(uint256 seed) internal view returns (uint32, SwapRequest memory) {
        uint256 n = swaps.length;
        for (uint256 i; i < n; ++i) {
            uint32 id = swaps[(seed % n + i) % n];
            SwapRequest memory s = iface.getSwap(id);
            if (s.status == SwapStatus.Pending) return (id, s);
        }
        SwapRequest memory none;
        return (0, none);
    }

    // ------------------------------------------------------------------ actions

    function registerBattery(uint256 actorSeed, uint64 price, uint32 energyWh, uint16 soc, uint8 make, uint32 limit)
        external
    {
        address who = _pick(actors, actorSeed);
        StaticInfo memory s = StaticInfo({
            brand: [bytes16("SUM"), bytes16("BYD"), bytes16("TOY")][make % 3],
            maxChargingCount: uint32(_bound(limit, 1, 5_000)),
            maxDischargingCount: uint32(_bound(limit / 3, 1, 5_000)),
            maxChargingTotalTime: uint32(_bound(limit, 1 hours, 10_000 hours)),
            maxDischargingTotalTime: uint32(_bound(limit, 1 hours, 10_000 hours)),
            manufactureYear: uint16(2015 + make % 5),
            manufactureMonth: uint8(1 + make % 12),
            maxYearLimited: uint8(_bound(make, 1, 30)),
            manufacturePrice: uint64(_bound(price, 0, 1_000_000))
        });
        BatteryReading memory r = BatteryReading({
            energyWh: uint32(_bound(energyWh, 0, 100_000)),
            socPermille: uint16(_bound(soc, 0, 1000)),
            chargingCount: 0,
            dischargingCount: 0,
            chargingTotalTime: 0,
            dischargingTotalTime: 0
        });
        vm.prank(who);
        try iface.registerBattery(s, r, bytes32(batteries.length)) returns (uint32 id) {
            batteries.push(id);
            ghostStaticHash[id] = keccak256(abi.encode(s));
            ++calls["registerBattery"];
        } catch {
            ++calls["registerBattery.failed"];
        }
    }

    function charge(uint256 stationSeed, uint256 batterySeed, uint32 more, uint16 socUp, uint32 duration) external {
        address station = _pick(stations, stationSeed);
        uint32 id = _ownBattery(station, batterySeed);
        if (id == 0) return;
        DynamicInfo memory d = bp.dynamicInfoOf(id);
        uint32 e = uint32(_bound(uint256(d.energyWh) + _bound(more, 0, 50_000), 0, type(uint32).max));
        uint16 soc = uint16(_bound(uint256(d.socPermille) + _bound(socUp, 0, 1000), d.socPermille, 1000));
        vm.prank(station);
        try iface.charge(id, e, soc, uint32(_bound(duration, 0, 10 hours))) {
            ++calls["charge"];
        } catch {
            ++calls["charge.failed"];
        }
    }

    function discharge(uint256 actorSeed, uint256 batterySeed, uint32 less, uint16 socDown, uint32 duration) external {
        address who = _pick(actors, actorSeed);
        uint32 id = _ownBattery(who, batterySeed);
        if (id == 0) return;
        DynamicInfo memory d = bp.dynamicInfoOf(id);
        uint32 e = uint32(_bound(less, 0, d.energyWh));
        uint16 soc = uint16(_bound(socDown, 0, d.socPermille));
        vm.prank(who);
        try iface.discharge(id, d.energyWh - e, d.socPermille - soc, uint32(_bound(duration, 0, 10 hours))) {
            ++calls["discharge"];
        } catch {
            ++calls["discharge.failed"];
        }
    }

    function requestSwap(uint256 evSeed, uint256 evBatterySeed, uint256 stationBatterySeed) external {
        address ev = _pick(evs, evSeed);
        uint32 mine = _ownBattery(ev, evBatterySeed);
        uint32 theirs = _stationBattery(stationBatterySeed);
        if (mine == 0 || theirs == 0) return;
        vm.prank(ev);
        try iface.requestSwap(mine, theirs, type(uint256).max) returns (uint32 swapId) {
            swaps.push(swapId);
            ++calls["requestSwap"];
        } catch {
            ++calls["requestSwap.failed"]; // the EV owner could not pay
        }
    }

    function approveSwap(uint256 swapSeed) external {
        (uint32 id, SwapRequest memory s) = _pendingSwap(swapSeed);
        if (id == 0) return;
        vm.prank(iface.accountOfUnit(s.stationUnit));
        try iface.approveSwap(id, s.evBatteryId, s.stationBatteryId, s.difference) {
            ++calls["approveSwap"];
        } catch {
            ++calls["approveSwap.failed"]; // the station could not pay a negative difference
        }
    }

    function denySwap(uint256 swapSeed) external {
        (uint32 id, SwapRequest memory s) = _pendingSwap(swapSeed);
        if (id == 0) return;
        vm.prank(iface.accountOfUnit(s.stationUnit));
        try iface.denySwap(id, s.evBatteryId, s.stationBatteryId, s.difference) {
            ++calls["denySwap"];
        } catch {
            ++calls["denySwap.failed"]; // the station is suspended
        }
    }

    function cancelSwap(uint256 swapSeed) external {
        (uint32 id, SwapRequest memory s) = _pendingSwap(swapSeed);
        if (id == 0) return;
        vm.prank(s.evOwner);
        try iface.cancelSwap(id) {
            ++calls["cancelSwap"];
        } catch {
            ++calls["cancelSwap.failed"]; // the EV owner is suspended
        }
    }

    function recycle(uint256 stationSeed, uint256 batterySeed) external {
        address station = _pick(stations, stationSeed);
        uint32 id = _ownBattery(station, batterySeed);
        if (id == 0) return;
        vm.prank(station);
        try iface.recycle(id) {
            ghostRecycled[id] = true;
            ghostRecycledDynamic[id] = keccak256(abi.encode(bp.dynamicInfoOf(id)));
            recycled.push(id);
            ++calls["recycle"];
        } catch {
            ++calls["recycle.failed"];
        }
    }

    function grant(uint256 actorSeed, uint256 amount) external {
        amount = _bound(amount, 0, 1_000_000);
        vm.prank(superAccount);
        iface.grantECoin(_pick(actors, actorSeed), amount);
        ghostGranted += amount;
        ++calls["grant"];
    }

    function transferECoin(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _pick(actors, fromSeed);
        amount = _bound(amount, 0, bal.balanceOf(from));
        vm.prank(from);
        try bal.transfer(_pick(actors, toSeed), amount) {
            ++calls["transferECoin"];
        } catch {
            ++calls["transferECoin.failed"]; // the sender is suspended
        }
    }

    /// @dev The super account suspends an actor, or lifts its suspension.
    function suspend(uint256 actorSeed, bool on) external {
        address who = _pick(actors, actorSeed);
        vm.prank(superAccount);
        iface.setSuspended(who, on);
        ghostSuspended[who] = on;
        ++calls[on ? bytes32("suspend") : bytes32("unsuspend")];
    }

    function setFees(uint32 swapFee, uint32 chargeFee, uint32 energyPrice) external {
        vm.startPrank(superAccount);
        iface.setFee(Operation.Swap, _bound(swapFee, 0, 5_000));
        iface.setFee(Operation.Charge, _bound(chargeFee, 0, 100));
        iface.setFee(Operation.RegisterBattery, _bound(chargeFee, 0, 100));
        iface.setEnergyPrice(_bound(energyPrice, 0, 1_000));
        vm.stopPrank();
        ++calls["setFees"];
    }

    function warp(uint256 secondsLater) external {
        vm.warp(block.timestamp + _bound(secondsLater, 0, 180 days));
        ++calls["warp"];
    }

    /// @dev Anyone (a registered actor or the stranger) calls any user operation on any battery or swap, with
    /// any reading. Failures are expected and ignored; the invariants must hold regardless.
    function tryAnything(uint256 actorSeed, uint8 op, uint256 batterySeed, uint256 otherSeed, uint32 energy, uint16 soc)
        external
    {
        address who = actorSeed % (actors.length + 1) == actors.length ? stranger : _pick(actors, actorSeed);
        uint32 id = batteries.length == 0 ? 1 : batteries[batterySeed % batteries.length];
        uint32 other = batteries.length == 0 ? 2 : batteries[otherSeed % batteries.length];
        uint32 swapId = swaps.length == 0 ? 1 : swaps[otherSeed % swaps.length];
        bytes memory data;
        op = op % 7;
        if (op == 0) {
            data = abi.encodeCall(iface.charge, (id, energy, soc, 60));
        } else if (op == 1) {
            data = abi.encodeCall(iface.discharge, (id, energy, soc, 60));
        } else if (op == 2) {
            data = abi.encodeCall(iface.recycle, (id));
        } else if (op == 3) {
            data = abi.encodeCall(iface.requestSwap, (id, other, type(uint256).max));
        } else if (op == 4 || op == 5) {
            // The terms the chain holds, so that only who may decide is tested here.
            SwapRequest memory s = iface.getSwap(swapId);
            data = op == 4
                ? abi.encodeCall(iface.approveSwap, (swapId, s.evBatteryId, s.stationBatteryId, s.difference))
                : abi.encodeCall(iface.denySwap, (swapId, s.evBatteryId, s.stationBatteryId, s.difference));
        } else {
            data = abi.encodeCall(iface.cancelSwap, (swapId));
        }
        bool wasSuspended = iface.isSuspended(who);
        vm.prank(who);
        (bool ok, bytes memory ret) = address(iface).call(data);
        if (!ok) {
            ++calls["tryAnything.failed"];
            return;
        }
        if (wasSuspended) ++ghostSuspendedActed;
        ++calls["tryAnything"];
        // Whatever succeeded must be tracked like the targeted actions.
        if (op == 2) {
            ghostRecycled[id] = true;
            ghostRecycledDynamic[id] = keccak256(abi.encode(bp.dynamicInfoOf(id)));
            recycled.push(id);
        } else if (op == 3) {
            swaps.push(abi.decode(ret, (uint32)));
        }
    }
}
